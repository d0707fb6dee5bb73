// The access policy and the access matrix, without a server: who is who,
// which role reaches which method, where, and that the matrix names exactly
// the platform's RPCs.
#include "security/access_control.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "award/v1/council_service.pb.h"
#include "award/v1/decisions_service.pb.h"
#include "award/v1/nominations_service.pb.h"
#include "award/v1/query_service.pb.h"
#include "eventstore/v1/eventstore.pb.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "security/access_matrix.h"
#include "witness/v1/witness.pb.h"

namespace award::security {
namespace {

constexpr char kSubmit[] = "/award.v1.Nominations/SubmitNomination";
constexpr char kGetNomination[] = "/award.v1.Nominations/GetNomination";
constexpr char kAppend[] = "/eventstore.v1.EventStore/Append";

AccessControl PolicyOf(const std::string& text) {
  v1::AccessPolicy policy;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &policy)) << text;
  absl::StatusOr<AccessControl> access = AccessControl::FromPolicy(policy);
  EXPECT_TRUE(access.ok()) << access.status();
  return *std::move(access);
}

const char kPolicy[] = R"pb(
  parties {
    name: "clerk-a"
    grants { role: CLERK authority_id: "a" }
  }
  parties {
    name: "auditor"
    grants { role: AUDITOR }
  }
  parties {
    name: "nominations"
    grants { role: PLATFORM_SERVICE }
  }
  parties { name: "hrm" trusted: true }
  parties {
    name: "person-b"
    grants { role: CLERK authority_id: "b" }
  }
)pb";

TEST(AccessControlTest, NoCertificateIsUnauthenticated) {
  const AccessControl access = PolicyOf(kPolicy);
  EXPECT_EQ(access.Identify("", std::nullopt).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(AccessControlTest, OnlyTrustedPrincipalsActForPersons) {
  const AccessControl access = PolicyOf(kPolicy);
  absl::StatusOr<Caller> caller = access.Identify("hrm", std::string("person-b"));
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->Actor(), "hrm/person-b");
  EXPECT_EQ(caller->Acting(), "person-b");
  EXPECT_EQ(access.Identify("clerk-a", std::string("person-b")).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(access.Identify("stranger", std::string("person-b")).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(access.Identify("hrm", std::string("")).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(access.Identify("clerk-a", std::nullopt)->Actor(), "clerk-a");
}

TEST(AccessControlTest, PersonsGrantsApplyNotThePrincipals) {
  const AccessControl access = PolicyOf(kPolicy);
  const Caller hrm_itself = *access.Identify("hrm", std::nullopt);
  EXPECT_EQ(access.MayCall(hrm_itself, kSubmit).code(), absl::StatusCode::kPermissionDenied);
  const Caller for_b = *access.Identify("hrm", std::string("person-b"));
  EXPECT_TRUE(access.MayCall(for_b, kSubmit).ok());
  EXPECT_TRUE(access.MayCallAt(for_b, kSubmit, "b").ok());
  EXPECT_EQ(access.MayCallAt(for_b, kSubmit, "a").code(), absl::StatusCode::kPermissionDenied);
}

TEST(AccessControlTest, ScopedRolesHoldAtTheirAuthorityGlobalOnesEverywhere) {
  const AccessControl access = PolicyOf(kPolicy);
  const Caller clerk = *access.Identify("clerk-a", std::nullopt);
  EXPECT_TRUE(access.MayCallAt(clerk, kSubmit, "a").ok());
  EXPECT_EQ(access.MayCallAt(clerk, kSubmit, "b").code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(access.MayCall(clerk, kAppend).code(), absl::StatusCode::kPermissionDenied);

  // No authority named: only a grant that holds everywhere will do.
  EXPECT_EQ(access.MayCallAt(clerk, kSubmit, "").code(), absl::StatusCode::kPermissionDenied);

  const Caller auditor = *access.Identify("auditor", std::nullopt);
  EXPECT_TRUE(access.MayCallAt(auditor, kGetNomination, "any").ok());
  EXPECT_TRUE(access.MayCallAt(auditor, kGetNomination, "").ok());
  EXPECT_EQ(access.MayCall(auditor, kSubmit).code(), absl::StatusCode::kPermissionDenied);

  const Caller service = *access.Identify("nominations", std::nullopt);
  EXPECT_TRUE(access.MayCall(service, kAppend).ok());
  EXPECT_EQ(access.MayCall(service, kSubmit).code(), absl::StatusCode::kPermissionDenied);
}

TEST(AccessControlTest, UnknownCallersAndMethodsAreRefused) {
  const AccessControl access = PolicyOf(kPolicy);
  EXPECT_EQ(access.MayCall(*access.Identify("stranger", std::nullopt), kGetNomination).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      access
          .MayCall(*access.Identify("auditor", std::nullopt), "/award.v1.Nominations/NoSuchMethod")
          .code(),
      absl::StatusCode::kPermissionDenied);
}

TEST(AccessControlTest, BadPoliciesAreRefusedWithTheParty) {
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {R"pb(parties { grants { role: CLERK } })pb", "without a name"},
           {R"pb(parties {
                   name: "x"
                   grants { authority_id: "a" }
                 })pb",
            "x: a grant without a role"},
           {R"pb(parties {
                   name: "x"
                   grants { role: AUDITOR authority_id: "a" }
                 })pb",
            "x: AUDITOR is held everywhere"},
           {R"pb(parties { name: "x" }
                 parties { name: "x" })pb",
            "x: named twice"}}) {
    v1::AccessPolicy policy;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &policy));
    absl::StatusOr<AccessControl> access = AccessControl::FromPolicy(policy);
    ASSERT_EQ(access.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_NE(access.status().message().find(expected), std::string::npos)
        << access.status().message();
  }
  EXPECT_EQ(AccessControl::Load("/nonexistent/policy.textproto").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(AccessMatrixTest, ListsEveryRpcOfThePlatformAndNothingElse) {
  std::set<std::string> served = {"/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch",
                                  "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"};
  for (const google::protobuf::FileDescriptor* file :
       {v1::DraftNominationRequest::descriptor()->file(),
        v1::CastBallotRequest::descriptor()->file(), v1::DraftDecisionRequest::descriptor()->file(),
        v1::GetStatisticsRequest::descriptor()->file(),
        eventstore::v1::AppendRequest::descriptor()->file(),
        witness::v1::AddCheckpointRequest::descriptor()->file()}) {
    ASSERT_EQ(file->service_count(), 1) << file->name();
    const google::protobuf::ServiceDescriptor* service = file->service(0);
    for (int m = 0; m < service->method_count(); ++m) {
      served.insert(absl::StrCat("/", service->full_name(), "/", service->method(m)->name()));
    }
  }
  std::set<std::string> listed;
  for (absl::string_view method : ListedMethods()) listed.insert(std::string(method));
  EXPECT_EQ(listed, served);
  for (const std::string& method : listed) {
    EXPECT_FALSE(RolesFor(method).empty()) << method;
  }
}

TEST(AccessMatrixTest, TheOperatorReadsNoRecordAndTheAuditorWritesNone) {
  for (absl::string_view method : ListedMethods()) {
    const std::vector<v1::Role>& roles = RolesFor(method);
    const bool reads_records =
        method.find("/award.v1.") == 0 && method.find("GetProjections") == absl::string_view::npos;
    if (reads_records) {
      EXPECT_EQ(std::count(roles.begin(), roles.end(), v1::OPERATOR), 0) << method;
    }
    const bool auditor = std::count(roles.begin(), roles.end(), v1::AUDITOR) > 0;
    if (method == kAppend) {
      EXPECT_FALSE(auditor);
    }
    if (auditor && method.find("/award.v1.") == 0) {
      // Every method an auditor may call on the services is a read.
      const absl::string_view name = method.substr(method.rfind('/') + 1);
      EXPECT_TRUE(name.find("Get") == 0 || name.find("List") == 0) << method;
    }
  }
}

}  // namespace
}  // namespace award::security
