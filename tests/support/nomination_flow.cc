#include "tests/support/nomination_flow.h"

#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/api_values.h"

namespace award::testing {
namespace {

v1::CommandMeta WithRequestId(v1::CommandMeta meta, const std::string& request_id) {
  meta.set_request_id(request_id);
  return meta;
}

}  // namespace

void RegisterAuthority(v1::Nominations::Stub& stub, const v1::CommandMeta& meta,
                       const std::string& id, const std::string& name, v1::AuthorityLevel level,
                       const std::string& parent) {
  v1::RegisterAuthorityRequest request;
  *request.mutable_meta() = WithRequestId(meta, "register-" + id);
  *request.mutable_authority() = AuthorityEntry(id, name, level, parent, Day(2000, 1, 1));
  grpc::ClientContext context;
  v1::RegisterAuthorityResponse response;
  grpc::Status status = stub.RegisterAuthority(&context, request, &response);
  ASSERT_TRUE(status.ok()) << id << ": " << status.error_message();
}

void AttachSubmitAndAppraise(v1::Nominations::Stub& stub, const v1::CommandMeta& meta,
                             const std::string& nomination_id,
                             const std::vector<v1::DocumentKind>& documents,
                             const v1::Date& received_on) {
  char fill = 'a';
  for (v1::DocumentKind document : documents) {
    v1::AttachDocumentRequest request;
    *request.mutable_meta() = WithRequestId(meta, nomination_id + "-attach-" + fill);
    request.set_nomination_id(nomination_id);
    request.mutable_document()->set_kind(document);
    request.mutable_document()->set_title(v1::DocumentKind_Name(document));
    request.mutable_document()->set_sha256(std::string(32, fill++));
    grpc::ClientContext context;
    v1::AttachDocumentResponse response;
    grpc::Status status = stub.AttachDocument(&context, request, &response);
    ASSERT_TRUE(status.ok()) << nomination_id << ": " << status.error_message();
  }
  v1::SubmitNominationRequest submit;
  *submit.mutable_meta() = WithRequestId(meta, "submit-" + nomination_id);
  submit.set_nomination_id(nomination_id);
  *submit.mutable_received_on() = received_on;
  grpc::ClientContext context;
  v1::SubmitNominationResponse response;
  grpc::Status status = stub.SubmitNomination(&context, submit, &response);
  ASSERT_TRUE(status.ok()) << nomination_id << ": " << status.error_message();
  Appraise(stub, meta, nomination_id);
}

void Appraise(v1::Nominations::Stub& stub, const v1::CommandMeta& meta,
              const std::string& nomination_id) {
  v1::AppraiseNominationRequest appraise;
  *appraise.mutable_meta() = WithRequestId(meta, "appraise-" + nomination_id);
  appraise.set_nomination_id(nomination_id);
  appraise.set_pass(true);
  grpc::ClientContext context;
  v1::AppraiseNominationResponse response;
  grpc::Status status = stub.AppraiseNomination(&context, appraise, &response);
  ASSERT_TRUE(status.ok()) << nomination_id << ": " << status.error_message();
}

}  // namespace award::testing
