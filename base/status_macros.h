// Early-return helpers for absl::Status and absl::StatusOr (Debian's Abseil
// 20220623 has none of its own).
//
//   AWARD_RETURN_IF_ERROR(ValidateName(name));
//   AWARD_ASSIGN_OR_RETURN(Record record, ReadRecord(position));
#ifndef AWARD_BASE_STATUS_MACROS_H_
#define AWARD_BASE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define AWARD_RETURN_IF_ERROR(expr)                                 \
  do {                                                              \
    if (absl::Status award_status_ = (expr); !award_status_.ok()) { \
      return award_status_;                                         \
    }                                                               \
  } while (false)

#define AWARD_STATUS_CONCAT_INNER_(a, b) a##b
#define AWARD_STATUS_CONCAT_(a, b) AWARD_STATUS_CONCAT_INNER_(a, b)

#define AWARD_ASSIGN_OR_RETURN(lhs, expr) \
  AWARD_ASSIGN_OR_RETURN_IMPL_(AWARD_STATUS_CONCAT_(award_statusor_, __LINE__), lhs, expr)

#define AWARD_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr)  \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // AWARD_BASE_STATUS_MACROS_H_
