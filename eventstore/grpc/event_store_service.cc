#include "eventstore/grpc/event_store_service.h"

#include <filesystem>
#include <memory>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "base/certificate_name.h"
#include "eventstore/backup.h"
#include "eventstore/errors.h"
#include "eventstore/grpc/proto_convert.h"
#include "eventstore/grpc/status_mapping.h"
#include "eventstore/sha256.h"

namespace eventstore {

int MaxRequestBytes(const Limits& limits) {
  return static_cast<int>(limits.max_append_bytes + limits.max_events_per_append * 256 + (1 << 20));
}

namespace {

// Finishes a unary call with the result of `call`, converted into `response`.
template <typename Result, typename Response>
grpc::ServerUnaryReactor* FinishWith(grpc::CallbackServerContext* context,
                                     const absl::StatusOr<Result>& result, Response* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (result.ok()) ToProto(*result, *response);
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

grpc::ServerUnaryReactor* FinishWithError(grpc::CallbackServerContext* context,
                                          const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

class SubscribeReactor final : public grpc::ServerWriteReactor<v1::SubscribeResponse> {
 public:
  // `subscription` is in `registry` already; it leaves it when done.
  SubscribeReactor(std::unique_ptr<Subscription> subscription, OpenSubscriptions& registry)
      : subscription_(std::move(subscription)), registry_(registry), pump_([this] { Pump(); }) {}

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    write_pending_ = false;
    write_ok_ = ok;
  }

  void OnCancel() override { subscription_->Cancel(); }

  void OnDone() override {
    // OnDone can only follow the pump's Finish, its last action; joining waits
    // for it to return at most.
    if (pump_.get_id() == std::this_thread::get_id()) {
      pump_.detach();
    } else {
      pump_.join();
    }
    registry_.Remove(subscription_.get());
    delete this;
  }

 private:
  void Pump() {
    absl::Status ended;
    while (true) {
      absl::StatusOr<std::vector<RecordedEvent>> events =
          subscription_->Next(absl::InfiniteFuture());
      if (!events.ok()) {
        ended = events.status();
        break;
      }
      response_.Clear();
      for (const RecordedEvent& event : *events) ToProto(event, *response_.add_events());
      {
        absl::MutexLock lock(&mu_);
        write_pending_ = true;
      }
      StartWrite(&response_);
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](bool* pending) { return !*pending; }, &write_pending_));
      if (!write_ok_) {
        ended = absl::CancelledError("the client went away");
        break;
      }
    }
    Finish(ToGrpcStatus(ended));
  }

  std::unique_ptr<Subscription> subscription_;
  v1::SubscribeResponse response_;
  absl::Mutex mu_;
  bool write_pending_ ABSL_GUARDED_BY(mu_) = false;
  bool write_ok_ ABSL_GUARDED_BY(mu_) = true;
  OpenSubscriptions& registry_;
  std::thread pump_;  // last: starts once everything else is ready
};

class FailedSubscribeReactor final : public grpc::ServerWriteReactor<v1::SubscribeResponse> {
 public:
  explicit FailedSubscribeReactor(const absl::Status& status) { Finish(ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerUnaryReactor* EventStoreService::Append(grpc::CallbackServerContext* context,
                                                    const v1::AppendRequest* request,
                                                    v1::AppendResponse* response) {
  absl::StatusOr<AppendRequest> append = FromProto(*request);
  if (!append.ok()) return FinishWithError(context, append.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  store_.AppendAsync(std::move(*append), [reactor, response](absl::StatusOr<AppendResult> result) {
    if (result.ok()) ToProto(*result, *response);
    reactor->Finish(ToGrpcStatus(result.status()));
  });
  return reactor;
}

grpc::ServerUnaryReactor* EventStoreService::ReadStream(grpc::CallbackServerContext* context,
                                                        const v1::ReadStreamRequest* request,
                                                        v1::ReadStreamResponse* response) {
  absl::StatusOr<ReadStreamRequest> read = FromProto(*request);
  if (!read.ok()) return FinishWithError(context, read.status());
  return FinishWith(context, store_.ReadStream(*read), response);
}

grpc::ServerUnaryReactor* EventStoreService::ReadAll(grpc::CallbackServerContext* context,
                                                     const v1::ReadAllRequest* request,
                                                     v1::ReadAllResponse* response) {
  absl::StatusOr<ReadAllRequest> read = FromProto(*request);
  if (!read.ok()) return FinishWithError(context, read.status());
  return FinishWith(context, store_.ReadAll(*read), response);
}

bool OpenSubscriptions::Add(const Subscription* subscription, std::string subscriber,
                            size_t limit) {
  absl::MutexLock lock(&mu_);
  if (open_.size() >= limit) return false;
  open_.emplace(subscription, std::move(subscriber));
  return true;
}

void OpenSubscriptions::Remove(const Subscription* subscription) {
  absl::MutexLock lock(&mu_);
  open_.erase(subscription);
}

std::vector<OpenSubscription> OpenSubscriptions::Now() const {
  absl::MutexLock lock(&mu_);
  std::vector<OpenSubscription> now;
  now.reserve(open_.size());
  for (const auto& [subscription, subscriber] : open_) {
    now.push_back({subscriber, subscription->ReadThrough()});
  }
  return now;
}

grpc::ServerWriteReactor<v1::SubscribeResponse>* EventStoreService::Subscribe(
    grpc::CallbackServerContext* context, const v1::SubscribeRequest* request) {
  absl::StatusOr<std::unique_ptr<Subscription>> subscription =
      store_.Subscribe(FromProto(*request));
  if (!subscription.ok()) return new FailedSubscribeReactor(subscription.status());
  const std::shared_ptr<const grpc::AuthContext> auth = context->auth_context();
  if (!subscriptions_.Add(subscription->get(), auth == nullptr ? "" : award::CertificateName(*auth),
                          static_cast<size_t>(options_.max_subscriptions))) {
    return new FailedSubscribeReactor(absl::ResourceExhaustedError(absl::StrCat(
        "too many open subscriptions (", options_.max_subscriptions, "); try again later")));
  }
  return new SubscribeReactor(std::move(*subscription), subscriptions_);
}

grpc::ServerUnaryReactor* EventStoreService::GetStreamInfo(grpc::CallbackServerContext* context,
                                                           const v1::GetStreamInfoRequest* request,
                                                           v1::GetStreamInfoResponse* response) {
  return FinishWith(context, store_.GetStreamInfo(request->stream()), response);
}

grpc::ServerUnaryReactor* EventStoreService::Digest(grpc::CallbackServerContext* context,
                                                    const v1::DigestRequest* /*request*/,
                                                    v1::DigestResponse* response) {
  return FinishWith(context, store_.Digest(), response->mutable_digest());
}

grpc::ServerUnaryReactor* EventStoreService::Verify(grpc::CallbackServerContext* context,
                                                    const v1::VerifyRequest* request,
                                                    v1::VerifyResponse* response) {
  absl::StatusOr<VerifyRequest> verify = FromProto(*request);
  if (!verify.ok()) return FinishWithError(context, verify.status());
  return FinishWith(context, store_.Verify(*verify), response);
}

namespace {

void AddHashes(const std::vector<Hash>& hashes,
               google::protobuf::RepeatedPtrField<std::string>& out) {
  for (const Hash& hash : hashes) out.Add(std::string(HashBytes(hash)));
}

}  // namespace

grpc::ServerUnaryReactor* EventStoreService::GetCheckpoint(grpc::CallbackServerContext* context,
                                                           const v1::GetCheckpointRequest* request,
                                                           v1::GetCheckpointResponse* response) {
  absl::StatusOr<std::string> note = store_.SignedCheckpoint(
      request->has_tree_size() ? std::optional<uint64_t>(request->tree_size()) : std::nullopt);
  if (!note.ok()) return FinishWithError(context, note.status());
  response->set_signed_note(*std::move(note));
  if (absl::StatusOr<std::string> key = store_.LogVerifierKey(); key.ok()) {
    response->set_log_verifier_key(*key);
  }
  return FinishWithError(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* EventStoreService::GetInclusionProof(
    grpc::CallbackServerContext* context, const v1::GetInclusionProofRequest* request,
    v1::GetInclusionProofResponse* response) {
  absl::StatusOr<std::vector<Hash>> proof =
      store_.InclusionProof(request->index(), request->tree_size());
  if (proof.ok()) AddHashes(*proof, *response->mutable_hashes());
  return FinishWithError(context, proof.status());
}

grpc::ServerUnaryReactor* EventStoreService::GetConsistencyProof(
    grpc::CallbackServerContext* context, const v1::GetConsistencyProofRequest* request,
    v1::GetConsistencyProofResponse* response) {
  absl::StatusOr<std::vector<Hash>> proof =
      store_.ConsistencyProof(request->first(), request->second());
  if (proof.ok()) AddHashes(*proof, *response->mutable_hashes());
  return FinishWithError(context, proof.status());
}

grpc::ServerUnaryReactor* EventStoreService::Backup(grpc::CallbackServerContext* context,
                                                    const v1::BackupRequest* request,
                                                    v1::BackupResponse* response) {
  if (options_.backup_dir.empty()) {
    return FinishWithError(
        context,
        absl::FailedPreconditionError("this server takes no backups: start it with --backup_dir"));
  }
  const std::string& name = request->name();
  const bool plain = !name.empty() && name != "." && name != ".." &&
                     name.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "0123456789._-") == std::string::npos;
  if (!plain) {
    return FinishWithError(context,
                           InvalidField("name", "letters, digits, '.', '_' or '-', not . or .."));
  }
  const std::string directory = (std::filesystem::path(options_.backup_dir) / name).string();
  absl::StatusOr<LogDigest> digest = WriteBackup(store_, directory);
  if (!digest.ok()) return FinishWithError(context, digest.status());
  response->set_directory(directory);
  ToProto(*digest, *response->mutable_digest());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace eventstore
