#include "eventstore/grpc/witness_feeder.h"

#include <chrono>
#include <iostream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "eventstore/checkpoint.h"
#include "eventstore/grpc/status_mapping.h"
#include "eventstore/sha256.h"
#include "grpcpp/grpcpp.h"
#include "witness/v1/witness.grpc.pb.h"

namespace eventstore {

struct WitnessFeeder::Witness {
  WitnessEndpoint endpoint;
  std::unique_ptr<::witness::v1::Witness::Stub> stub;
  std::optional<uint64_t> cosigned_size;  // as this witness last said; unknown after a failure
};

absl::StatusOr<std::vector<WitnessEndpoint>> ParseWitnesses(const std::vector<std::string>& specs) {
  std::vector<WitnessEndpoint> witnesses;
  for (const std::string& spec : specs) {
    const std::vector<std::string> parts = absl::StrSplit(spec, absl::MaxSplits('@', 1));
    absl::StatusOr<note::Verifier> key =
        parts.size() == 2 ? note::ParseVerifier(parts[1])
                          : absl::InvalidArgumentError("not ADDRESS@VERIFIER_KEY");
    if (!key.ok() || parts[0].empty() || key->type != note::KeyType::kCosignatureV1) {
      return absl::InvalidArgumentError(
          absl::StrCat("witnesses: '", spec, "' is not ADDRESS@WITNESS_KEY",
                       key.ok() ? " with a witness's key (type 0x04)"
                                : absl::StrCat(": ", key.status().message())));
    }
    witnesses.push_back({parts[0], *key});
  }
  return witnesses;
}

WitnessFeeder::WitnessFeeder(std::vector<WitnessEndpoint> witnesses,
                             std::shared_ptr<grpc::ChannelCredentials> credentials,
                             absl::Duration deadline)
    : deadline_(deadline) {
  for (WitnessEndpoint& endpoint : witnesses) {
    auto witness = std::make_unique<Witness>();
    witness->stub =
        ::witness::v1::Witness::NewStub(grpc::CreateChannel(endpoint.address, credentials));
    witness->endpoint = std::move(endpoint);
    witnesses_.push_back(std::move(witness));
  }
}

WitnessFeeder::~WitnessFeeder() = default;

std::string WitnessFeeder::Cosign(const std::string& note, uint64_t size,
                                  const LogSigningOptions::ConsistencyProver& prove,
                                  const std::vector<std::string>& announcements) {
  std::string lines;
  for (const std::unique_ptr<Witness>& witness : witnesses_) {
    absl::StatusOr<std::string> line = CosignWith(*witness, note, size, prove, announcements);
    if (line.ok()) {
      lines += *line;
    } else {
      witness->cosigned_size.reset();
      std::cerr << "eventstore: witness " << witness->endpoint.key.name << " at "
                << witness->endpoint.address << " did not cosign the checkpoint of " << size << ": "
                << line.status() << std::endl;
    }
  }
  return lines;
}

absl::StatusOr<std::string> WitnessFeeder::CosignWith(
    Witness& witness, const std::string& note, uint64_t size,
    const LogSigningOptions::ConsistencyProver& prove,
    const std::vector<std::string>& announcements) {
  const auto context = [this] {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::milliseconds(absl::ToInt64Milliseconds(deadline_)));
    return c;
  };
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!witness.cosigned_size.has_value()) {
      // What the witness cosigned last: the size of its checkpoint.
      ::witness::v1::GetLatestCheckpointRequest request;
      request.set_origin(std::string(note.substr(0, note.find('\n'))));
      ::witness::v1::GetLatestCheckpointResponse response;
      grpc::Status got = witness.stub->GetLatestCheckpoint(context().get(), request, &response);
      if (got.error_code() == grpc::StatusCode::NOT_FOUND) {
        witness.cosigned_size = 0;
      } else if (!got.ok()) {
        return FromGrpcStatus(got);
      } else {
        absl::StatusOr<Checkpoint> cosigned = PeekCheckpoint(response.checkpoint());
        if (!cosigned.ok()) return cosigned.status();
        witness.cosigned_size = cosigned->size;
      }
    }
    const uint64_t old_size = *witness.cosigned_size;
    // A witness that cosigned more than this log holds refuses it and keeps
    // it as evidence: it is sent all the same.
    ::witness::v1::AddCheckpointRequest request;
    request.set_old_size(old_size);
    request.set_checkpoint(note);
    for (const std::string& announcement : announcements) {
      request.add_key_announcements(announcement);
    }
    if (old_size > 0 && old_size < size) {
      absl::StatusOr<std::vector<Hash>> proof = prove(old_size);
      if (!proof.ok()) return proof.status();
      for (const Hash& hash : *proof) request.add_consistency_proof(std::string(HashBytes(hash)));
    }
    ::witness::v1::AddCheckpointResponse response;
    grpc::Status added = witness.stub->AddCheckpoint(context().get(), request, &response);
    if (added.error_code() == grpc::StatusCode::ABORTED && attempt == 0) {
      witness.cosigned_size.reset();  // it cosigned another size meanwhile: ask which
      continue;
    }
    if (!added.ok()) return FromGrpcStatus(added);
    absl::StatusOr<note::Opened> opened =
        note::Open(note + response.cosignature(), {witness.endpoint.key});
    if (!opened.ok() || opened->cosigned_by.empty()) {
      return absl::DataLossError(
          absl::StrCat("its answer is no cosignature by its key",
                       opened.ok() ? "" : absl::StrCat(": ", opened.status().message())));
    }
    witness.cosigned_size = size;
    return opened->lines.back();
  }
  return absl::AbortedError("the witness's size kept changing");
}

}  // namespace eventstore
