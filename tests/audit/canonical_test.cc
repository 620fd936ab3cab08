// The exact bytes that are hashed: pinned, so that a change of format is a visible decision
// (old logs would no longer verify) and so that other programs can check a log independently.
#include <gtest/gtest.h>

#include "audit/trail.h"

namespace plenary::audit {
namespace {

constexpr std::string_view kActorSalt = "00112233445566778899aabbccddeeff";
constexpr std::string_view kPayloadSalt = "ffeeddccbbaa99887766554433221100";
// python3: hashlib.sha256(b'32:<actor salt>,4:test,').hexdigest()
constexpr std::string_view kActorDigest =
    "8f73b26649c963e52ef5a8b58aa8755067e17b7e058cbde22f0dde4d806b389f";
// python3: hashlib.sha256(b'32:<payload salt>,4:null,13:{"title":"T"},').hexdigest()
constexpr std::string_view kPayloadDigest =
    "d32e176fefe1b5a7b037f36d383e096f73a396781e56145b1cd2f800cc3c648d";

Entry SampleV1() {
  Entry e;
  e.format = kFormatV1;
  e.id = 1;
  e.at = "2026-01-02T03:04:05Z";
  e.actor = {0, "test"};
  e.process_id = 7;
  e.object_type = "process";
  e.object_id = "7";
  e.action = "create";
  e.before_json = "null";
  e.after_json = R"({"title":"T"})";
  return e;
}

Entry SampleV2() {
  Entry e = SampleV1();
  e.format = kFormatV2;
  e.actor_salt = kActorSalt;
  e.actor_digest = ActorDigest(e.actor_salt, e.actor.label);
  e.payload_salt = kPayloadSalt;
  e.payload_digest = PayloadDigest(e.payload_salt, e.before_json, e.after_json);
  return e;
}

TEST(CanonicalForm, IsNetstringsOfEveryFieldButTheHash) {
  EXPECT_EQ(CanonicalForm(SampleV1()),
            "16:plenary-audit-v1,1:1,20:2026-01-02T03:04:05Z,1:0,4:test,1:7,7:process,1:7,"
            "6:create,4:null,13:{\"title\":\"T\"},0:,");
}

TEST(ComputeHash, IsLowerCaseHexSha256OfTheCanonicalForm) {
  // python3: hashlib.sha256(<the bytes above>).hexdigest()
  EXPECT_EQ(ComputeHash(SampleV1()),
            "cfd76a82656c031b21e6f3ba1514ce58d9d43f2377c2943e785229d34931cb24");
}

TEST(Digests, AreLowerCaseHexSha256OfSaltedNetstrings) {
  EXPECT_EQ(ActorDigest(kActorSalt, "test"), kActorDigest);
  EXPECT_EQ(PayloadDigest(kPayloadSalt, "null", R"({"title":"T"})"), kPayloadDigest);
  EXPECT_NE(ActorDigest("", "test"), kActorDigest);
  // The boundary between before and after cannot be shifted either.
  EXPECT_NE(PayloadDigest(kPayloadSalt, "ab", "c"), PayloadDigest(kPayloadSalt, "a", "bc"));
}

TEST(CanonicalForm, Version2HashesTheDigestsInsteadOfTheValues) {
  EXPECT_EQ(CanonicalForm(SampleV2()),
            "16:plenary-audit-v2,1:1,20:2026-01-02T03:04:05Z,1:0,64:" + std::string(kActorDigest) +
                ",1:7,7:process,1:7,6:create,64:" + std::string(kPayloadDigest) + ",0:,");
  // python3: hashlib.sha256(<the bytes above>).hexdigest()
  EXPECT_EQ(ComputeHash(SampleV2()),
            "9376d6d060b7fae75015d75824b06a2a8636c050d231624ea2fbef617628b87c");
}

TEST(CanonicalForm, FieldBoundariesCannotBeShifted) {
  Entry a = SampleV1();
  a.actor.label = "a,1:b";
  a.object_type = "c";
  Entry b = SampleV1();
  b.actor.label = "a";
  b.object_type = "b,1:c";
  EXPECT_NE(CanonicalForm(a), CanonicalForm(b));
  EXPECT_NE(ComputeHash(a), ComputeHash(b));
}

TEST(CanonicalForm, DistinguishesNoProcessFromAnyProcess) {
  for (Entry with : {SampleV1(), SampleV2()}) {
    Entry without = with;
    without.process_id.reset();
    EXPECT_NE(ComputeHash(with), ComputeHash(without));
  }
}

TEST(ComputeHash, CoversEveryFieldInVersion1) {
  const std::string base = ComputeHash(SampleV1());
  std::vector<std::function<void(Entry&)>> edits = {
      [](Entry& e) { e.id = 2; },
      [](Entry& e) { e.at = "2026-01-02T03:04:06Z"; },
      [](Entry& e) { e.actor.user_id = 1; },
      [](Entry& e) { e.actor.label = "other"; },
      [](Entry& e) { e.process_id = 8; },
      [](Entry& e) { e.object_type = "member"; },
      [](Entry& e) { e.object_id = "8"; },
      [](Entry& e) { e.action = "update"; },
      [](Entry& e) { e.before_json = "{}"; },
      [](Entry& e) { e.after_json = R"({"title":"U"})"; },
      [](Entry& e) { e.prev_hash = "00"; },
      [](Entry& e) { e.format = kFormatV2; },
  };
  for (size_t i = 0; i < edits.size(); ++i) {
    Entry e = SampleV1();
    edits[i](e);
    EXPECT_NE(ComputeHash(e), base) << "edit " << i;
  }
}

TEST(ComputeHash, CoversEveryFieldButThePersonalDataInVersion2) {
  const std::string base = ComputeHash(SampleV2());
  std::vector<std::function<void(Entry&)>> edits = {
      [](Entry& e) { e.id = 2; },
      [](Entry& e) { e.at = "2026-01-02T03:04:06Z"; },
      [](Entry& e) { e.actor.user_id = 1; },
      [](Entry& e) { e.actor_digest = ActorDigest(kActorSalt, "other"); },
      [](Entry& e) { e.process_id = 8; },
      [](Entry& e) { e.object_type = "member"; },
      [](Entry& e) { e.object_id = "8"; },
      [](Entry& e) { e.action = "update"; },
      [](Entry& e) { e.payload_digest = PayloadDigest(kPayloadSalt, "{}", "{}"); },
      [](Entry& e) { e.prev_hash = "00"; },
      [](Entry& e) { e.format = kFormatV1; },
  };
  for (size_t i = 0; i < edits.size(); ++i) {
    Entry e = SampleV2();
    edits[i](e);
    EXPECT_NE(ComputeHash(e), base) << "edit " << i;
  }
  // The values themselves, their salts and the redaction mark are outside the hash: they can be
  // erased (Verify checks them against the digests instead).
  Entry erased = SampleV2();
  erased.actor.label = "erased person #1";
  erased.actor_salt.clear();
  erased.before_json = erased.after_json = kRedactedPayload;
  erased.payload_salt.clear();
  erased.redacted_at = "2026-02-01T00:00:00Z";
  EXPECT_EQ(ComputeHash(erased), base);
}

}  // namespace
}  // namespace plenary::audit
