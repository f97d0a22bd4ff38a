// The credentials and region the remote Database signs with, found as the AWS SDKs find them:
// given in RemoteOptions; else AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN)
// from the environment; else a profile of the shared credentials file (AWS_SHARED_CREDENTIALS_FILE,
// else ~/.aws/credentials; the profile RemoteOptions names, else AWS_PROFILE, else "default").
//
// Thread safety: reads the environment and files; call while nothing changes the environment.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api/client/sigv4.h"
#include "stator/options.h"
#include "stator/status.h"

namespace stator::remote {

// Looks up an environment variable; nullopt when unset. Injected by tests.
using Environment = std::function<std::optional<std::string>(const char* name)>;
Environment ProcessEnvironment();

// Errors: ValidationException naming where credentials were looked for when none were found,
// or a malformed credentials file (its line); a profile missing from the file is the former.
Result<client::Credentials> ResolveCredentials(const RemoteOptions& options,
                                               const Environment& env = ProcessEnvironment());

}  // namespace stator::remote
