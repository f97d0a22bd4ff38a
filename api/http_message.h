// The HTTP messages the api layer reads and writes: Beast's, with the whole body in a string
// (requests are at most HttpHandlerOptions::max_request_bytes).
#pragma once

#include <boost/beast/http.hpp>

namespace stator::api {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

}  // namespace stator::api
