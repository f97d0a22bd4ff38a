#include "api/remote/credential_chain.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>

namespace stator::remote {
namespace {

Environment FakeEnv(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

class CredentialChainTest : public testing::Test {
 protected:
  void SetUp() override {
    path_ = testing::TempDir() + "credential_chain_test_credentials";
    std::ofstream(path_) << "[default]\naws_access_key_id = DEFAULTID\n"
                            "aws_secret_access_key = defaultsecret\n\n"
                            "[work]\naws_access_key_id=WORKID\naws_secret_access_key=worksecret\n"
                            "aws_session_token = worktoken\n";
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string path_;
};

TEST_F(CredentialChainTest, ExplicitOptionsComeFirst) {
  RemoteOptions o;
  o.access_key_id = "ID";
  o.secret_access_key = "SECRET";
  o.region = "eu-west-1";
  auto c = ResolveCredentials(
      o, FakeEnv({{"AWS_ACCESS_KEY_ID", "ENVID"}, {"AWS_SECRET_ACCESS_KEY", "envsecret"}}));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->access_key, "ID");
  EXPECT_EQ(c->secret_key, "SECRET");
  EXPECT_EQ(c->region, "eu-west-1");
}

TEST_F(CredentialChainTest, ThenTheEnvironment) {
  auto c = ResolveCredentials({}, FakeEnv({{"AWS_ACCESS_KEY_ID", "ENVID"},
                                           {"AWS_SECRET_ACCESS_KEY", "envsecret"},
                                           {"AWS_SESSION_TOKEN", "envtoken"},
                                           {"AWS_REGION", "ap-south-1"},
                                           {"AWS_SHARED_CREDENTIALS_FILE", path_}}));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->access_key, "ENVID");
  EXPECT_EQ(c->session_token, "envtoken");
  EXPECT_EQ(c->region, "ap-south-1");
}

TEST_F(CredentialChainTest, ThenTheSharedFileAndItsProfile) {
  auto c = ResolveCredentials({}, FakeEnv({{"AWS_SHARED_CREDENTIALS_FILE", path_}}));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->access_key, "DEFAULTID");
  EXPECT_EQ(c->region, "us-east-1");

  c = ResolveCredentials({}, FakeEnv({{"AWS_SHARED_CREDENTIALS_FILE", path_},
                                      {"AWS_PROFILE", "work"},
                                      {"AWS_DEFAULT_REGION", "us-west-2"}}));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->access_key, "WORKID");
  EXPECT_EQ(c->secret_key, "worksecret");
  EXPECT_EQ(c->session_token, "worktoken");
  EXPECT_EQ(c->region, "us-west-2");
}

TEST_F(CredentialChainTest, HomeDirectoryFile) {
  const std::string home = testing::TempDir() + "credential_chain_home";
  std::string cmd = "mkdir -p " + home + "/.aws && cp " + path_ + " " + home + "/.aws/credentials";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  RemoteOptions o;
  o.profile = "work";
  auto c = ResolveCredentials(o, FakeEnv({{"HOME", home}}));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->access_key, "WORKID");
}

TEST_F(CredentialChainTest, NoneFoundSaysWhereItLooked) {
  RemoteOptions o;
  o.profile = "missing";
  auto c = ResolveCredentials(o, FakeEnv({{"AWS_SHARED_CREDENTIALS_FILE", path_}}));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(c.status().message(),
            "no credentials for the remote Database: none in RemoteOptions, no "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, and no profile "
            "[missing] in " +
                path_);

  o = {};
  o.access_key_id = "ID";
  EXPECT_EQ(ResolveCredentials(o, FakeEnv({})).status().message(),
            "RemoteOptions needs both access_key_id and secret_access_key, or neither");
}

}  // namespace
}  // namespace stator::remote
