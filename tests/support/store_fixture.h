// A test fixture with a fresh embedded event store in a temporary directory.
#ifndef AWARD_TESTS_SUPPORT_STORE_FIXTURE_H_
#define AWARD_TESTS_SUPPORT_STORE_FIXTURE_H_

#include <memory>
#include <utility>

#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace award::testing {

class EmbeddedStoreFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<eventstore::EmbeddedEventStore>> opened =
        eventstore::OpenRocksDbEventStore({.data_dir = dir_.Sub("data")});
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
  }

  TempDir dir_;
  std::unique_ptr<eventstore::EmbeddedEventStore> store_;
};

}  // namespace award::testing

#endif  // AWARD_TESTS_SUPPORT_STORE_FIXTURE_H_
