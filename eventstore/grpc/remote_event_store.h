// The EventStore interface over gRPC: a client of eventstore_server that the
// services use exactly as they use the embedded store.
//
//   std::unique_ptr<eventstore::EventStore> store =
//       eventstore::ConnectRemoteEventStore("127.0.0.1:50051");
//
// Errors come back with the server's code, message and details (errors.h).
// A call that cannot reach the server is UNAVAILABLE; one that outlives its
// deadline is DEADLINE_EXCEEDED, and an append may then still have happened:
// retry it with the same event ids, which the store answers idempotently.
//
// A unary call made by a gRPC handler on its caller's behalf ends with the
// caller's call (base/served_call.h): at the caller's deadline if that comes
// before the call's own timeout, and CANCELLED when the caller cancels. A
// service thus holds no thread for a caller that has gone. Subscriptions
// outlive the calls that open them and stand alone.
#ifndef AWARD_EVENTSTORE_GRPC_REMOTE_EVENT_STORE_H_
#define AWARD_EVENTSTORE_GRPC_REMOTE_EVENT_STORE_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "eventstore/event_store.h"

namespace grpc {
class ChannelCredentials;
}  // namespace grpc

namespace eventstore {

struct RemoteEventStoreOptions {
  // Every unary call, even one whose caller gave no deadline.
  absl::Duration call_timeout = absl::Seconds(30);
  // mTLS with the caller's certificate; null speaks plaintext.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
};

// Connects lazily: the first call that needs the server waits for it.
std::unique_ptr<EventStore> ConnectRemoteEventStore(const std::string& target,
                                                    const RemoteEventStoreOptions& options = {});

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_GRPC_REMOTE_EVENT_STORE_H_
