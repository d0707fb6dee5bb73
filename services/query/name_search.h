// Finding a nominee by name the way clerks type it: without diacritics and in
// any case ("nguyen van an" finds "Nguyễn Văn An", "Đặng" is found by "dang").
#ifndef AWARD_SERVICES_QUERY_NAME_SEARCH_H_
#define AWARD_SERVICES_QUERY_NAME_SEARCH_H_

#include <string>

#include "absl/strings/string_view.h"

namespace award::query {

// Lower case, with every combining mark dropped after canonical decomposition
// and "đ" read as "d". Text that is not valid UTF-8 comes back as it was.
std::string LooseForm(absl::string_view text);

// Whether `name` contains `wanted`, both taken in their loose form.
bool LooselyContains(absl::string_view name, absl::string_view wanted);

}  // namespace award::query

#endif  // AWARD_SERVICES_QUERY_NAME_SEARCH_H_
