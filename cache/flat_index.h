// FlatIndex: a map from a 64-bit hash to a pointer, in one flat array: open addressing, linear
// probing, backward-shift deletion (no tombstones), grown to keep the load at most a half.
//
// Why not std::unordered_map: a cached GetItem's lookup went bucket array -> list node ->
// entry, a cache miss at each step, after an integer division to pick the bucket; perf put 7.5%
// of a server's CPU under cached GetItem load in ItemCache::Get, nearly all of it on those loads.
// Here the slot holds the hash beside the pointer, so a lookup is one probe of adjacent slots and
// then the entry. (Boost 1.74, the Debian one, has no flat map.)
//
// The slot is taken from the hash's top bits: callers shard by its low bits.
//
// Thread safety: none; the owner locks.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace stator::cache {

template <class T>
class FlatIndex {
 public:
  FlatIndex() { Reset(kMinSlots); }

  // The pointer stored under `hash`, or null.
  T* Find(uint64_t hash) const {
    for (size_t i = Home(hash);; i = Next(i)) {
      const Slot& s = slots_[i];
      if (s.value == nullptr) return nullptr;
      if (s.hash == hash) return s.value;
    }
  }

  // Stores `value` (not null) under `hash`, replacing what was there.
  void Insert(uint64_t hash, T* value) {
    if (2 * (size_ + 1) > capacity()) Rehash(2 * capacity());
    for (size_t i = Home(hash);; i = Next(i)) {
      Slot& s = slots_[i];
      if (s.value == nullptr) {
        s = {hash, value};
        ++size_;
        return;
      }
      if (s.hash == hash) {
        s.value = value;
        return;
      }
    }
  }

  // Removes `hash`; false when it was not there.
  bool Erase(uint64_t hash) {
    size_t i = Home(hash);
    for (;; i = Next(i)) {
      if (slots_[i].value == nullptr) return false;
      if (slots_[i].hash == hash) break;
    }
    // Backward shift: move later members of the probe run into the hole when their home slot
    // does not lie (cyclically) after the hole, so every lookup still finds them.
    size_t hole = i;
    for (size_t j = Next(hole);; j = Next(j)) {
      Slot& s = slots_[j];
      if (s.value == nullptr) break;
      const size_t home = Home(s.hash);
      const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (stays) continue;
      slots_[hole] = s;
      hole = j;
    }
    slots_[hole] = {};
    --size_;
    return true;
  }

  // Calls f(T*) for every stored pointer; f must not change the index.
  template <class F>
  void ForEach(F&& f) const {
    for (size_t i = 0; i < capacity(); ++i) {
      if (slots_[i].value != nullptr) f(slots_[i].value);
    }
  }

  void Clear() { Reset(kMinSlots); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  struct Slot {
    uint64_t hash = 0;
    T* value = nullptr;
  };
  static constexpr size_t kMinSlots = 16;

  size_t capacity() const { return size_t{1} << bits_; }
  size_t Home(uint64_t hash) const { return static_cast<size_t>(hash >> (64 - bits_)); }
  size_t Next(size_t i) const { return (i + 1) & (capacity() - 1); }

  void Reset(size_t slots) {
    bits_ = std::countr_zero(slots);
    slots_ = std::make_unique<Slot[]>(slots);
    size_ = 0;
  }

  void Rehash(size_t slots) {
    std::unique_ptr<Slot[]> old = std::move(slots_);
    const size_t old_capacity = capacity();
    Reset(slots);
    for (size_t i = 0; i < old_capacity; ++i) {
      if (old[i].value != nullptr) Insert(old[i].hash, old[i].value);
    }
  }

  std::unique_ptr<Slot[]> slots_;
  int bits_ = 0;
  size_t size_ = 0;
};

}  // namespace stator::cache
