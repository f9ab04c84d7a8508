// Formatted, but breaks the .clang-tidy naming rules on purpose: lint must name this file.
namespace xpo::simtest {

class counter_model {  // class names are CamelCase
 public:
  void Tick() { ++count; }

 private:
  int count = 0;  // private members end in '_'
};

}  // namespace xpo::simtest
