#include "services/common/public_record.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "eventstore/sha256.h"

namespace award {

std::string AwardKindName(v1::AwardKind kind) {
  switch (kind) {
    case v1::AWARD_KIND_LAO_DONG_TIEN_TIEN:
      return "Lao động tiên tiến";
    case v1::AWARD_KIND_CHIEN_SI_TIEN_TIEN:
      return "Chiến sĩ tiên tiến";
    case v1::AWARD_KIND_CSTD_CO_SO:
      return "Chiến sĩ thi đua cơ sở";
    case v1::AWARD_KIND_CSTD_TINH:
      return "Chiến sĩ thi đua cấp tỉnh";
    case v1::AWARD_KIND_CSTD_TOAN_QUOC:
      return "Chiến sĩ thi đua toàn quốc";
    case v1::AWARD_KIND_TAP_THE_LD_TIEN_TIEN:
      return "Tập thể lao động tiên tiến";
    case v1::AWARD_KIND_TAP_THE_LD_XUAT_SAC:
      return "Tập thể lao động xuất sắc";
    case v1::AWARD_KIND_DON_VI_TIEN_TIEN:
      return "Đơn vị tiên tiến";
    case v1::AWARD_KIND_DON_VI_QUYET_THANG:
      return "Đơn vị quyết thắng";
    case v1::AWARD_KIND_CO_THI_DUA_TINH:
      return "Cờ thi đua cấp tỉnh";
    case v1::AWARD_KIND_CO_THI_DUA_CHINH_PHU:
      return "Cờ thi đua của Chính phủ";
    case v1::AWARD_KIND_XA_TIEU_BIEU:
      return "Xã, phường, đặc khu tiêu biểu";
    case v1::AWARD_KIND_THON_TDP_VAN_HOA:
      return "Thôn, tổ dân phố văn hóa";
    case v1::AWARD_KIND_GIA_DINH_VAN_HOA:
      return "Gia đình văn hóa";
    case v1::AWARD_KIND_GIAY_KHEN:
      return "Giấy khen";
    case v1::AWARD_KIND_BANG_KHEN_TINH:
      return "Bằng khen cấp tỉnh";
    case v1::AWARD_KIND_BANG_KHEN_TTG:
      return "Bằng khen của Thủ tướng Chính phủ";
    case v1::AWARD_KIND_DANH_HIEU_VINH_DU_NN:
      return "Danh hiệu vinh dự Nhà nước";
    default:
      return "";
  }
}

std::string DateText(const v1::Date& date) {
  return absl::StrFormat("%02d/%02d/%04d", date.day(), date.month(), date.year());
}

std::string VndText(int64_t vnd) {
  std::string digits = absl::StrCat(vnd < 0 ? -vnd : vnd);
  std::string text;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text.push_back('.');
    text.push_back(digits[i]);
  }
  return vnd < 0 ? "-" + text : text;
}

std::string Sha256Of(const std::string& text) {
  const eventstore::Hash hash = eventstore::Sha256({text});
  return std::string(eventstore::HashBytes(hash));
}

std::string SubjectTypeName(v1::SubjectType subject) {
  switch (subject) {
    case v1::SUBJECT_TYPE_INDIVIDUAL:
      return "cá nhân";
    case v1::SUBJECT_TYPE_COLLECTIVE:
      return "tập thể";
    case v1::SUBJECT_TYPE_HOUSEHOLD:
      return "hộ gia đình";
    default:
      return "";
  }
}

std::string ShareText(uint64_t part, uint64_t whole) {
  if (whole == 0) return absl::StrCat(part, "/0");
  // Hundredths of a percent, rounded half up: (part * 10000 / whole) + 1/2.
  const uint64_t hundredths = (part * 20000 / whole + 1) / 2;
  return absl::StrFormat("%d/%d (%d,%02d %%)", part, whole, hundredths / 100, hundredths % 100);
}

}  // namespace award
