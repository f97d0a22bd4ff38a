// The credentials a server verifies signatures with: pairs given as "ID:SECRET" (--credentials)
// and files in the AWS shared-credentials format (--credentials-file): "[profile]" sections with
// aws_access_key_id and aws_secret_access_key, every profile's pair accepted.
//
// Thread safety: pure functions.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "stator/status.h"

namespace stator::api {

// Secret access keys by access key id.
using Secrets = std::map<std::string, std::string, std::less<>>;

// Adds "ID:SECRET" (the secret may hold ':'). A ValidationException naming the problem.
Status AddCredentialPair(std::string_view pair, Secrets* out);

// Adds every profile's pair of the file at `path`. A ValidationException naming the file and
// line for a profile with only one of the two keys, or a line that is not a section, a
// "key = value" or a comment; an IOError when the file cannot be read.
Status AddCredentialsFile(const std::string& path, Secrets* out);

}  // namespace stator::api
