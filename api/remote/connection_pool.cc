#include "api/remote/connection_pool.h"

namespace stator::remote {

std::unique_ptr<Channel> ConnectionPool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto channel = std::move(idle_.back());
      idle_.pop_back();
      return channel;
    }
  }
  return std::make_unique<Channel>(endpoint_, credentials_);
}

void ConnectionPool::Release(std::unique_ptr<Channel> channel) {
  if (channel->connection && !channel->connection->reusable()) channel->connection.reset();
  std::lock_guard lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(channel));
}

size_t ConnectionPool::idle() const {
  std::lock_guard lock(mu_);
  return idle_.size();
}

}  // namespace stator::remote
