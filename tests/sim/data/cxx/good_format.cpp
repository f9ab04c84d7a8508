// Formatted and tidy: lint must accept it.
namespace xpo::simtest {

class CounterModel {
 public:
  void Tick() { ++count_; }
  [[nodiscard]] int Count() const { return count_; }

 private:
  int count_ = 0;
};

}  // namespace xpo::simtest
