// Not clang-formatted on purpose: lint must name this file.
namespace xpo::simtest {
int   Twice(int x){return 2*x;}
}  // namespace xpo::simtest
