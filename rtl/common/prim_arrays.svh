// Arrays of words on module ports (lanes, lookup tables), for Verilator and for Yosys.
//
// An unpacked array of words simulates several times faster in Verilator than the same data
// as one wide packed vector with variable part-selects, so designs keep such data in unpacked
// arrays. Yosys 0.23 accepts neither unpacked nor multi-dimensional packed ports; when it reads
// the design (it defines SYNTHESIS) such a port is one flat vector, word i at
// [i*width +: width], and the macros below rebuild the same unpacked array inside the module.
//
//   module m (input `PRIM_ARRAY_PORT(lanes_i, 32, 8), output `PRIM_ARRAY_PORT(lanes_o, 32, 8));
//     `PRIM_ARRAY_UNPACK(lanes_i, lanes_in, 32, 8)   // logic [31:0] lanes_in [8], from the port
//     `PRIM_ARRAY_PACK(lanes_o, lanes_out, 32, 8)    // logic [31:0] lanes_out [8], to the port
`ifndef PRIM_ARRAYS_SVH
`define PRIM_ARRAYS_SVH

`ifdef SYNTHESIS

`define PRIM_ARRAY_PORT(name, width, n) logic [(n)*(width)-1:0] name

`define PRIM_ARRAY_UNPACK(port, name, width, n) \
  logic [(width)-1:0] name [n]; \
  for (genvar g_``name = 0; g_``name < (n); g_``name++) begin : gen_unpack_``name \
    assign name[g_``name] = port[g_``name*(width) +: (width)]; \
  end

`define PRIM_ARRAY_PACK(port, name, width, n) \
  logic [(width)-1:0] name [n]; \
  for (genvar g_``name = 0; g_``name < (n); g_``name++) begin : gen_pack_``name \
    assign port[g_``name*(width) +: (width)] = name[g_``name]; \
  end

`else

`define PRIM_ARRAY_PORT(name, width, n) logic [(width)-1:0] name [n]

`define PRIM_ARRAY_UNPACK(port, name, width, n) \
  logic [(width)-1:0] name [n]; \
  assign name = port;

`define PRIM_ARRAY_PACK(port, name, width, n) \
  logic [(width)-1:0] name [n]; \
  assign port = name;

`endif

`endif  // PRIM_ARRAYS_SVH
