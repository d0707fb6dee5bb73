// The process that the crash test kills. It appends from several threads and,
// after each acknowledged append, prints one line to standard output:
//
//   ack <stream> <first_version> <first_position> <event id> [<event id> ...]
//
// Usage: eventstore_crash_child DATA_DIR THREADS
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/rocksdb_event_store.h"
#include "tests/support/events.h"

namespace {

absl::Mutex output_mu;

void Say(const std::string& line) {
  absl::MutexLock lock(&output_mu);
  std::string out = line + "\n";
  if (write(STDOUT_FILENO, out.data(), out.size()) != static_cast<ssize_t>(out.size()))
    std::_Exit(3);
}

void AppendForever(eventstore::EventStore& store, int thread) {
  const std::string stream = absl::StrCat("crash-", thread);
  absl::StatusOr<eventstore::StreamInfo> info = store.GetStreamInfo(stream);
  int64_t last = info.ok() ? static_cast<int64_t>(info->last_version) : -1;
  for (uint64_t i = 0;; ++i) {
    std::vector<eventstore::EventData> events =
        award::testing::NewEvents(static_cast<int>(1 + i % 3), "CrashTested");
    const eventstore::ExpectedVersion expected =
        last < 0 ? eventstore::ExpectedVersion::NoStream()
                 : eventstore::ExpectedVersion::Exact(static_cast<uint64_t>(last));
    absl::StatusOr<eventstore::AppendResult> result =
        store.Append(award::testing::AppendTo(stream, expected, events));
    if (!result.ok()) {
      Say(absl::StrCat("error ", result.status().ToString()));
      std::_Exit(2);
    }
    std::string line = absl::StrCat("ack ", stream, " ", result->streams[0].first_version, " ",
                                    result->first_position);
    for (const eventstore::EventData& event : events)
      absl::StrAppend(&line, " ", event.id.ToString());
    Say(line);
    last = static_cast<int64_t>(result->streams[0].last_version);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DATA_DIR THREADS\n", argv[0]);
    return 1;
  }
  absl::StatusOr<std::unique_ptr<eventstore::EmbeddedEventStore>> store =
      eventstore::OpenRocksDbEventStore({.data_dir = argv[1]});
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  Say("ready");
  std::vector<std::thread> threads;
  for (int t = 0; t < std::atoi(argv[2]); ++t) {
    threads.emplace_back([&store, t] { AppendForever(**store, t); });
  }
  for (std::thread& thread : threads) thread.join();  // never: the parent kills us
  return 0;
}
