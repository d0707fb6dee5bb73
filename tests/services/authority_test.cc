// The authorities registry through the aggregate repository on a real
// embedded event store: the 2025 reform's dissolved district decides nothing.
#include "services/nominations/domain/authority.h"

#include <memory>

#include "eventstore/errors.h"
#include "eventstore/rocksdb_event_store.h"
#include "gtest/gtest.h"
#include "services/common/aggregate_repository.h"
#include "services/common/rule_book.h"
#include "tests/support/api_values.h"
#include "tests/support/store_fixture.h"

namespace award::nominations {
namespace {

using absl::CivilDay;

using award::testing::Day;

class AuthorityTest : public award::testing::EmbeddedStoreFixture {
 protected:
  void SetUp() override {
    award::testing::EmbeddedStoreFixture::SetUp();
    if (HasFatalFailure()) return;
    repository_ = std::make_unique<AggregateRepository<AuthorityAggregate>>(*store_);
  }

  template <typename Decide>
  absl::Status Run(const std::string& id, const std::string& request, Decide&& decide) {
    return repository_
        ->Execute(AuthorityStream(id), {"operator:so-noi-vu", request, "", ""},
                  std::forward<Decide>(decide))
        .status();
  }

  Authority Load(const std::string& id) { return repository_->Load(AuthorityStream(id))->state; }

  absl::Status RegisterDistrict(const std::string& request = "register") {
    v1::AuthorityRegistered district;
    district.set_authority_id("ubnd-huyen-cao-loc");
    district.set_name("Ủy ban nhân dân huyện Cao Lộc");
    district.set_level(v1::AUTHORITY_LEVEL_DISTRICT);
    district.set_parent_id("ubnd-tinh-lang-son");
    district.set_decision_symbol("QĐ-UBND");
    *district.mutable_established_on() = Day(2000, 1, 1);
    return Run("ubnd-huyen-cao-loc", request,
               [&](const Authority& a) { return DecideRegister(a, district); });
  }

  std::unique_ptr<AggregateRepository<AuthorityAggregate>> repository_;
};

TEST_F(AuthorityTest, ADissolvedDistrictDecidesNothingFromTheDayOfTheReform) {
  ASSERT_TRUE(RegisterDistrict().ok());
  v1::AuthorityDissolved dissolved;
  *dissolved.mutable_effective_on() = Day(2025, 7, 1);
  dissolved.set_legal_basis("Nghị quyết 202/2025/QH15");
  ASSERT_TRUE(Run("ubnd-huyen-cao-loc", "dissolve", [&](const Authority& a) {
                return DecideDissolve(a, dissolved);
              }).ok());
  const Authority district = Load("ubnd-huyen-cao-loc");
  EXPECT_TRUE(CanDecideOn(district, CivilDay(2025, 6, 30)));
  EXPECT_FALSE(CanDecideOn(district, CivilDay(2025, 7, 1)));  // E17
  EXPECT_FALSE(CanDecideOn(district, CivilDay(1999, 12, 31)));

  absl::Status again = Run("ubnd-huyen-cao-loc", "dissolve-again",
                           [&](const Authority& a) { return DecideDissolve(a, dissolved); });
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(again.message().find("DISSOLVED"), absl::string_view::npos) << again;
}

TEST_F(AuthorityTest, ARenamedAuthorityKeepsItsIdAndAMergedOneNamesItsSuccessor) {
  ASSERT_TRUE(RegisterDistrict().ok());
  v1::AuthorityRenamed renamed;
  renamed.set_name("UBND huyện Cao Lộc");
  *renamed.mutable_effective_on() = Day(2020, 1, 1);
  ASSERT_TRUE(Run("ubnd-huyen-cao-loc", "rename", [&](const Authority& a) {
                return DecideRename(a, renamed);
              }).ok());
  v1::AuthorityMerged merged;
  merged.set_into_authority_id("ubnd-xa-cao-loc");
  *merged.mutable_effective_on() = Day(2025, 7, 1);
  ASSERT_TRUE(Run("ubnd-huyen-cao-loc", "merge", [&](const Authority& a) {
                return DecideMerge(a, merged);
              }).ok());
  const Authority district = Load("ubnd-huyen-cao-loc");
  EXPECT_EQ(district.name, "UBND huyện Cao Lộc");
  EXPECT_EQ(district.merged_into, "ubnd-xa-cao-loc");
  EXPECT_EQ(district.status, Authority::Status::kMerged);
  EXPECT_FALSE(CanDecideOn(district, CivilDay(2025, 7, 2)));
}

TEST_F(AuthorityTest, BadRegistrationsAndChangesAreRefused) {
  ASSERT_TRUE(RegisterDistrict().ok());
  EXPECT_TRUE(RegisterDistrict().ok());  // the same request again: its first answer
  EXPECT_EQ(RegisterDistrict("register-again").code(), absl::StatusCode::kAlreadyExists);

  v1::AuthorityRegistered nameless;
  nameless.set_authority_id("ubnd-xa-moi");
  nameless.set_level(v1::AUTHORITY_LEVEL_COMMUNE);
  nameless.set_decision_symbol("QĐ-UBND");
  *nameless.mutable_established_on() = Day(2025, 7, 1);
  EXPECT_EQ(
      eventstore::ErrorField(
          Run("ubnd-xa-moi", "r", [&](const Authority& a) { return DecideRegister(a, nameless); })),
      "name");

  v1::AuthorityMerged into_itself;
  into_itself.set_into_authority_id("ubnd-huyen-cao-loc");
  *into_itself.mutable_effective_on() = Day(2025, 7, 1);
  EXPECT_EQ(
      eventstore::ErrorField(Run("ubnd-huyen-cao-loc", "m",
                                 [&](const Authority& a) { return DecideMerge(a, into_itself); })),
      "into_authority_id");

  v1::AuthorityDissolved too_early;
  *too_early.mutable_effective_on() = Day(1990, 1, 1);
  EXPECT_EQ(
      eventstore::ErrorField(Run("ubnd-huyen-cao-loc", "d",
                                 [&](const Authority& a) { return DecideDissolve(a, too_early); })),
      "effective_on");
  EXPECT_EQ(
      Run("ubnd-xa-khong-co", "d", [&](const Authority& a) { return DecideDissolve(a, too_early); })
          .code(),
      absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace award::nominations
