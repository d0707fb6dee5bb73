// eventstore.v1.EventStore served over gRPC's callback API from an embedded
// store. Appends do not hold a thread while they wait for their group commit:
// the store finishes the call when the append is durable. Each subscription
// has one thread that reads from the log and waits for each write to be taken
// by the client, so a slow client holds back only its own stream.
#ifndef AWARD_EVENTSTORE_GRPC_EVENT_STORE_SERVICE_H_
#define AWARD_EVENTSTORE_GRPC_EVENT_STORE_SERVICE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/rocksdb_event_store.h"
#include "eventstore/v1/eventstore.grpc.pb.h"

namespace eventstore {

// The largest request the service must accept under `limits`: an append of
// the largest size, with its protobuf envelope.
int MaxRequestBytes(const Limits& limits);

struct EventStoreServiceOptions {
  // Where Backup puts its copies; empty, Backup is refused.
  std::string backup_dir;
  // Subscriptions open at once (each holds a thread while it lasts); one more
  // is refused with RESOURCE_EXHAUSTED.
  int max_subscriptions = 256;
};

// A subscription open at the service, as its metrics see it.
struct OpenSubscription {
  std::string subscriber;  // the client certificate's name; empty over plaintext
  uint64_t read_through;   // Subscription::ReadThrough: how far it has come
};

// The subscriptions a service holds open; each registers for its lifetime.
class OpenSubscriptions {
 public:
  // False, registering nothing, when `limit` are open already.
  bool Add(const Subscription* subscription, std::string subscriber, size_t limit);
  void Remove(const Subscription* subscription);
  std::vector<OpenSubscription> Now() const;

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_map<const Subscription*, std::string> open_ ABSL_GUARDED_BY(mu_);
};

class EventStoreService final : public v1::EventStore::CallbackService {
 public:
  explicit EventStoreService(EmbeddedEventStore& store, EventStoreServiceOptions options = {})
      : store_(store), options_(std::move(options)) {}

  grpc::ServerUnaryReactor* Append(grpc::CallbackServerContext* context,
                                   const v1::AppendRequest* request,
                                   v1::AppendResponse* response) override;
  grpc::ServerUnaryReactor* ReadStream(grpc::CallbackServerContext* context,
                                       const v1::ReadStreamRequest* request,
                                       v1::ReadStreamResponse* response) override;
  grpc::ServerUnaryReactor* ReadAll(grpc::CallbackServerContext* context,
                                    const v1::ReadAllRequest* request,
                                    v1::ReadAllResponse* response) override;
  grpc::ServerWriteReactor<v1::SubscribeResponse>* Subscribe(
      grpc::CallbackServerContext* context, const v1::SubscribeRequest* request) override;
  grpc::ServerUnaryReactor* GetStreamInfo(grpc::CallbackServerContext* context,
                                          const v1::GetStreamInfoRequest* request,
                                          v1::GetStreamInfoResponse* response) override;
  grpc::ServerUnaryReactor* Digest(grpc::CallbackServerContext* context,
                                   const v1::DigestRequest* request,
                                   v1::DigestResponse* response) override;
  grpc::ServerUnaryReactor* Verify(grpc::CallbackServerContext* context,
                                   const v1::VerifyRequest* request,
                                   v1::VerifyResponse* response) override;
  // Runs on the gRPC thread until the copy is checked: an operator's rare call.
  grpc::ServerUnaryReactor* Backup(grpc::CallbackServerContext* context,
                                   const v1::BackupRequest* request,
                                   v1::BackupResponse* response) override;

  grpc::ServerUnaryReactor* GetCheckpoint(grpc::CallbackServerContext* context,
                                          const v1::GetCheckpointRequest* request,
                                          v1::GetCheckpointResponse* response) override;
  grpc::ServerUnaryReactor* GetInclusionProof(grpc::CallbackServerContext* context,
                                              const v1::GetInclusionProofRequest* request,
                                              v1::GetInclusionProofResponse* response) override;
  grpc::ServerUnaryReactor* GetConsistencyProof(grpc::CallbackServerContext* context,
                                                const v1::GetConsistencyProofRequest* request,
                                                v1::GetConsistencyProofResponse* response) override;

  // The subscriptions open now, for their count and lag. Thread-safe.
  std::vector<OpenSubscription> Subscriptions() const { return subscriptions_.Now(); }

 private:
  EmbeddedEventStore& store_;
  const EventStoreServiceOptions options_;
  OpenSubscriptions subscriptions_;
};

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_GRPC_EVENT_STORE_SERVICE_H_
