// eventstore_bench: throughput and latency of the event store, one line per
// scenario:
//
//   scenario=embedded_append_1ev threads=64 events=... seconds=... events_per_sec=... p50_us=...
//   p99_us=...
//
// Latencies are per call (one append, one read batch, one ping). Every append is
// durable (synced) before it counts. The gRPC scenarios run a server in this
// process on 127.0.0.1 with one channel per client; grpc_noop is a call that
// does nothing, on the same server, as the ceiling for the gRPC figures.
//
//   eventstore_bench [--seconds=3] [--dir=/tmp] [--scenarios=embedded_append_1ev,replay_all]
//
// replay_all also prints open_verify: how long a reopened store of the same
// million events takes to verify its chain and indexes before its first append.
// The replay is timed once that and the compactions the writes left are done.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "base/process_settings.h"
#include "bench/v1/noop.grpc.pb.h"
#include "eventstore/grpc/event_store_service.h"
#include "eventstore/grpc/remote_event_store.h"
#include "eventstore/rocksdb_event_store.h"
#include "grpcpp/grpcpp.h"

ABSL_FLAG(double, seconds, 3.0, "How long each scenario runs");
ABSL_FLAG(std::string, dir, "", "Where to create the data directories (default: $TMPDIR or /tmp)");
ABSL_FLAG(std::string, scenarios, "", "Comma-separated scenarios to run (default: all)");
ABSL_FLAG(int, payload_bytes, 300, "Payload size of each event");

namespace {

using eventstore::AppendRequest;
using eventstore::EventData;
using eventstore::EventStore;
using eventstore::ExpectedVersion;

struct Figures {
  uint64_t events = 0;
  double seconds = 0;
  std::vector<absl::Duration> latencies;
};

void Print(const std::string& scenario, const std::string& concurrency, const Figures& f) {
  std::vector<absl::Duration> sorted = f.latencies;
  std::sort(sorted.begin(), sorted.end());
  auto percentile = [&](double p) {
    if (sorted.empty()) return 0.0;
    return absl::ToDoubleMicroseconds(sorted[static_cast<size_t>(p * (sorted.size() - 1))]);
  };
  std::cout << absl::StrFormat(
                   "scenario=%s %s events=%d seconds=%.2f events_per_sec=%.0f p50_us=%.0f "
                   "p99_us=%.0f",
                   scenario, concurrency, f.events, f.seconds, f.events / f.seconds,
                   percentile(0.50), percentile(0.99))
            << std::endl;
}

// Runs `call` from `threads` threads until the time is up; `call` returns how
// many events it moved, or 0 after a failure (which stops the run).
Figures RunThreads(int threads, const std::function<uint64_t(int thread, uint64_t i)>& call) {
  const absl::Duration length = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  std::vector<Figures> per_thread(threads);
  std::atomic<bool> failed{false};
  const absl::Time start = absl::Now();
  const absl::Time end = start + length;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      Figures& mine = per_thread[t];
      for (uint64_t i = 0; absl::Now() < end && !failed.load(); ++i) {
        const absl::Time before = absl::Now();
        const uint64_t moved = call(t, i);
        if (moved == 0) {
          failed.store(true);
          return;
        }
        mine.latencies.push_back(absl::Now() - before);
        mine.events += moved;
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  Figures total;
  total.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  for (Figures& f : per_thread) {
    total.events += f.events;
    total.latencies.insert(total.latencies.end(), f.latencies.begin(), f.latencies.end());
  }
  if (failed.load()) std::cout << "# a call failed; the figures stop there" << std::endl;
  return total;
}

std::vector<EventData> Events(int count) {
  std::vector<EventData> events;
  for (int i = 0; i < count; ++i) {
    EventData event;
    event.id = eventstore::EventId::New();
    event.type = "NominationSubmitted";
    event.content_type = "award.v1.NominationSubmitted";
    event.payload.assign(absl::GetFlag(FLAGS_payload_bytes), 'p');
    event.metadata.actor = "clerk:bench";
    event.metadata.request_id = "bench";
    events.push_back(std::move(event));
  }
  return events;
}

uint64_t AppendEvents(EventStore& store, int thread, uint64_t i, int count) {
  AppendRequest request;
  request.streams.push_back(
      {absl::StrCat("nomination-", thread, "-", i % 1000), ExpectedVersion::Any(), Events(count)});
  absl::StatusOr<eventstore::AppendResult> result = store.Append(request);
  if (!result.ok()) {
    std::cerr << "append failed: " << result.status() << std::endl;
    return 0;
  }
  return static_cast<uint64_t>(count);
}

class NoopService final : public bench::v1::Noop::CallbackService {
  grpc::ServerUnaryReactor* Ping(grpc::CallbackServerContext* context,
                                 const bench::v1::PingRequest*, bench::v1::PingResponse*) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

class Bench {
 public:
  Bench() {
    std::string base = absl::GetFlag(FLAGS_dir);
    if (base.empty()) {
      const char* tmp = std::getenv("TMPDIR");
      base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
    }
    std::string pattern = base + "/eventstore-bench-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    dir_ = pattern;
    for (absl::string_view s :
         absl::StrSplit(absl::GetFlag(FLAGS_scenarios), ',', absl::SkipEmpty())) {
      wanted_.insert(std::string(s));
    }
  }
  ~Bench() { std::filesystem::remove_all(dir_); }

  bool Wants(const std::string& scenario) const {
    return wanted_.empty() || wanted_.contains(scenario);
  }

  std::unique_ptr<eventstore::EmbeddedEventStore> Open(const std::string& name) {
    absl::StatusOr<std::unique_ptr<eventstore::EmbeddedEventStore>> store =
        eventstore::OpenRocksDbEventStore({.data_dir = dir_ + "/" + name});
    if (!store.ok()) {
      std::cerr << store.status() << std::endl;
      std::exit(1);
    }
    return std::move(*store);
  }

  void Run() {
    for (int threads : {1, 64}) {
      if (!Wants("embedded_append_1ev")) break;
      auto store = Open(absl::StrCat("embedded-", threads));
      Print("embedded_append_1ev", absl::StrCat("threads=", threads),
            RunThreads(threads, [&](int t, uint64_t i) { return AppendEvents(*store, t, i, 1); }));
    }
    for (int threads : {1, 8}) {
      if (!Wants("embedded_append_100ev")) break;
      auto store = Open(absl::StrCat("batch-", threads));
      Print(
          "embedded_append_100ev", absl::StrCat("threads=", threads),
          RunThreads(threads, [&](int t, uint64_t i) { return AppendEvents(*store, t, i, 100); }));
    }
    if (Wants("grpc_append_1ev") || Wants("grpc_noop")) RunGrpc();
    if (Wants("replay_all")) RunReplay();
  }

 private:
  void RunGrpc() {
    auto store = Open("grpc");
    eventstore::EventStoreService service(*store);
    NoopService noop;
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&service);
    builder.RegisterService(&noop);
    std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
    const std::string address = absl::StrCat("127.0.0.1:", port);

    for (int clients : {1, 64}) {
      if (!Wants("grpc_noop")) break;
      std::vector<std::unique_ptr<bench::v1::Noop::Stub>> stubs;
      for (int c = 0; c < clients; ++c) {
        stubs.push_back(bench::v1::Noop::NewStub(
            grpc::CreateChannel(address, grpc::InsecureChannelCredentials())));
      }
      Print("grpc_noop", absl::StrCat("clients=", clients),
            RunThreads(clients, [&](int c, uint64_t) {
              grpc::ClientContext context;
              bench::v1::PingResponse response;
              return stubs[c]->Ping(&context, bench::v1::PingRequest(), &response).ok() ? 1u : 0u;
            }));
    }
    for (int clients : {1, 64}) {
      if (!Wants("grpc_append_1ev")) break;
      std::vector<std::unique_ptr<EventStore>> remotes;
      for (int c = 0; c < clients; ++c)
        remotes.push_back(eventstore::ConnectRemoteEventStore(address));
      Print("grpc_append_1ev", absl::StrCat("clients=", clients),
            RunThreads(clients,
                       [&](int c, uint64_t i) { return AppendEvents(*remotes[c], c, i, 1); }));
    }
    store->EndSubscriptions();
    server->Shutdown();
  }

  void RunReplay() {
    auto store = Open("replay");
    constexpr int kBatch = 1000;
    constexpr int kEvents = 1'000'000;
    // Written in large batches from several threads, so that the setup is quick.
    std::atomic<int> written{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < 8; ++t) {
      writers.emplace_back([&, t] {
        for (uint64_t i = 0; written.fetch_add(kBatch) < kEvents; ++i)
          AppendEvents(*store, t, i, kBatch);
      });
    }
    for (std::thread& writer : writers) writer.join();
    // Replayed after a restart, as when a projection is rebuilt: the reopen
    // flushes what the writes left in memory, so no background flush runs
    // beside the replay.
    store.reset();
    const absl::Time opening = absl::Now();
    store = Open("replay");
    const uint64_t total = store->Digest()->event_count;
    // The store verifies the whole log and its indexes before its first
    // append: timed on its own, and not beside the replay.
    while (!store->AcceptingAppends().ok()) absl::SleepFor(absl::Milliseconds(1));
    Print("open_verify", "threads=1",
          {.events = total, .seconds = absl::ToDoubleSeconds(absl::Now() - opening)});
    // Nor beside the compactions that the writes left to do.
    for (const absl::Time until = absl::Now() + absl::Seconds(60);
         store->Sizes().compacting && absl::Now() < until;) {
      absl::SleepFor(absl::Milliseconds(10));
    }
    Figures figures;
    const absl::Time start = absl::Now();
    uint64_t from = 0;
    while (true) {
      const absl::Time before = absl::Now();
      absl::StatusOr<eventstore::ReadAllResult> read =
          store->ReadAll({from, eventstore::Direction::kForward, 10'000, {}});
      if (!read.ok()) {
        std::cerr << read.status() << std::endl;
        break;
      }
      figures.latencies.push_back(absl::Now() - before);
      figures.events += read->events.size();
      from = read->next_position;
      if (read->end_of_log) break;
    }
    figures.seconds = absl::ToDoubleSeconds(absl::Now() - start);
    if (figures.events != total)
      std::cout << "# replay read " << figures.events << " of " << total << std::endl;
    Print("replay_all", "threads=1", figures);
  }

  std::string dir_;
  std::set<std::string> wanted_;
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  award::StopCheckingLockOrder();
  Bench bench;
  bench.Run();
  return 0;
}
