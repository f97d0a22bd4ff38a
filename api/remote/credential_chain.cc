#include "api/remote/credential_chain.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "api/credentials.h"

namespace stator::remote {
namespace {

std::string NonEmpty(const Environment& env, const char* name) {
  auto v = env(name);
  return v ? *v : std::string();
}

std::string RegionOf(const RemoteOptions& options, const Environment& env) {
  if (!options.region.empty()) return options.region;
  if (auto r = NonEmpty(env, "AWS_REGION"); !r.empty()) return r;
  if (auto r = NonEmpty(env, "AWS_DEFAULT_REGION"); !r.empty()) return r;
  return "us-east-1";
}

std::string CredentialsFile(const Environment& env) {
  if (auto f = NonEmpty(env, "AWS_SHARED_CREDENTIALS_FILE"); !f.empty()) return f;
  if (auto home = NonEmpty(env, "HOME"); !home.empty()) return home + "/.aws/credentials";
  return {};
}

}  // namespace

Environment ProcessEnvironment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Result<client::Credentials> ResolveCredentials(const RemoteOptions& options,
                                               const Environment& env) {
  client::Credentials c;
  c.region = RegionOf(options, env);
  if (!options.access_key_id.empty() || !options.secret_access_key.empty()) {
    if (options.access_key_id.empty() || options.secret_access_key.empty()) {
      return Status::Validation(
          "RemoteOptions needs both access_key_id and secret_access_key, or neither");
    }
    c.access_key = options.access_key_id;
    c.secret_key = options.secret_access_key;
    c.session_token = options.session_token;
    return c;
  }
  const std::string id = NonEmpty(env, "AWS_ACCESS_KEY_ID");
  const std::string secret = NonEmpty(env, "AWS_SECRET_ACCESS_KEY");
  if (!id.empty() && !secret.empty()) {
    c.access_key = id;
    c.secret_key = secret;
    c.session_token = NonEmpty(env, "AWS_SESSION_TOKEN");
    return c;
  }
  std::string profile = options.profile;
  if (profile.empty()) profile = NonEmpty(env, "AWS_PROFILE");
  if (profile.empty()) profile = "default";
  const std::string file = CredentialsFile(env);
  if (!file.empty() && std::filesystem::exists(file)) {
    std::vector<api::ProfileKeys> profiles;
    STATOR_RETURN_IF_ERROR(api::ReadCredentialsFile(file, &profiles));
    for (const auto& p : profiles) {
      if (p.profile != profile) continue;
      c.access_key = p.access_key_id;
      c.secret_key = p.secret_access_key;
      c.session_token = p.session_token;
      return c;
    }
  }
  return Status::Validation(
      "no credentials for the remote Database: none in RemoteOptions, no AWS_ACCESS_KEY_ID and "
      "AWS_SECRET_ACCESS_KEY in the environment, and no profile [" +
      profile + "] in " + (file.empty() ? std::string("~/.aws/credentials") : file));
}

}  // namespace stator::remote
