// The credentials a server verifies signatures with: pairs given as "ID:SECRET" (--credentials)
// and files in the AWS shared-credentials format (--credentials-file): "[profile]" sections with
// aws_access_key_id and aws_secret_access_key, every profile's pair accepted. The remote
// Database reads one profile of the same files to sign with (ReadCredentialsFile).
//
// Thread safety: pure functions.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

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

// One profile of a shared-credentials file; session_token empty when it has none.
struct ProfileKeys {
  std::string profile;
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
};

// Every profile of the file at `path` with both keys, in file order. Errors as
// AddCredentialsFile's.
Status ReadCredentialsFile(const std::string& path, std::vector<ProfileKeys>* out);

}  // namespace stator::api
