#include "api/credentials.h"

#include <fstream>
#include <optional>

namespace stator::api {
namespace {

std::string_view Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r";
  const size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

// One profile's keys as read so far.
struct Profile {
  std::string name;
  int line = 0;
  std::optional<std::string> id;
  std::optional<std::string> secret;
  std::optional<std::string> token;
};

Status Finish(const std::string& path, const Profile& p, std::vector<ProfileKeys>* out) {
  if (!p.id && !p.secret) return Status::OK();
  if (!p.id || !p.secret) {
    return Status::Validation(path + ":" + std::to_string(p.line) + ": profile [" + p.name +
                              "] needs both aws_access_key_id and aws_secret_access_key");
  }
  out->push_back({p.name, *p.id, *p.secret, p.token.value_or("")});
  return Status::OK();
}

}  // namespace

Status AddCredentialPair(std::string_view pair, Secrets* out) {
  const size_t colon = pair.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == pair.size()) {
    return Status::Validation("credentials must be ACCESS_KEY_ID:SECRET_ACCESS_KEY");
  }
  (*out)[std::string(pair.substr(0, colon))] = std::string(pair.substr(colon + 1));
  return Status::OK();
}

Status AddCredentialsFile(const std::string& path, Secrets* out) {
  std::vector<ProfileKeys> profiles;
  STATOR_RETURN_IF_ERROR(ReadCredentialsFile(path, &profiles));
  for (const ProfileKeys& p : profiles) (*out)[p.access_key_id] = p.secret_access_key;
  return Status::OK();
}

Status ReadCredentialsFile(const std::string& path, std::vector<ProfileKeys>* out) {
  std::ifstream in(path);
  if (!in) return Status::IOError("cannot read the credentials file " + path);
  Profile profile;
  std::string text;
  for (int number = 1; std::getline(in, text); ++number) {
    const std::string_view line = Trim(text);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      STATOR_RETURN_IF_ERROR(Finish(path, profile, out));
      profile = Profile{std::string(Trim(line.substr(1, line.size() - 2))), number, {}, {}, {}};
      continue;
    }
    const size_t equals = line.find('=');
    if (equals == std::string_view::npos) {
      return Status::Validation(path + ":" + std::to_string(number) +
                                ": expected [profile] or key = value");
    }
    const std::string_view key = Trim(line.substr(0, equals));
    const std::string value(Trim(line.substr(equals + 1)));
    if (key == "aws_access_key_id") profile.id = value;
    if (key == "aws_secret_access_key") profile.secret = value;
    if (key == "aws_session_token") profile.token = value;
  }
  return Finish(path, profile, out);
}

}  // namespace stator::api
