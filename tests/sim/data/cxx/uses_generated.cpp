// Includes a header generated into the build tree, as tests of Verilated models do; findings in
// that header are not the project's.
#include "Vgen.h"

namespace xpo::simtest {

int Width() { return static_cast<int>(sizeof(GenModel)); }

}  // namespace xpo::simtest
