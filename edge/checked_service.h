// A gRPC service served behind the request check (request_check.h): every
// request of every method is checked as it arrives, before the service's own
// handler or its interceptors parse it, and a refusal is answered
// INVALID_ARGUMENT with the field (eventstore.v1.ErrorDetails), for the
// synchronous and the callback API alike. The servers' serving loop
// (base/serve.h) registers every service of the platform this way.
//
//   std::unique_ptr<grpc::Service> checked = award::edge::Checked(service, "award.v1.Council");
//   builder.RegisterService(checked.get());
//
// `service` must outlive what Checked returns and be all synchronous or all
// callback; `full_name` names its descriptor in the generated pool.
#ifndef AWARD_EDGE_CHECKED_SERVICE_H_
#define AWARD_EDGE_CHECKED_SERVICE_H_

#include <memory>
#include <string>

#include "grpcpp/impl/service_type.h"

namespace award::edge {

std::unique_ptr<grpc::Service> Checked(grpc::Service& service, const std::string& full_name);

}  // namespace award::edge

#endif  // AWARD_EDGE_CHECKED_SERVICE_H_
