// The exact bytes that are hashed: pinned, so that a change of format is a visible decision
// (old logs would no longer verify) and so that other programs can check a log independently.
#include <gtest/gtest.h>

#include "audit/trail.h"

namespace plenary::audit {
namespace {

Entry Sample() {
  Entry e;
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

TEST(CanonicalForm, IsNetstringsOfEveryFieldButTheHash) {
  EXPECT_EQ(CanonicalForm(Sample()),
            "16:plenary-audit-v1,1:1,20:2026-01-02T03:04:05Z,1:0,4:test,1:7,7:process,1:7,"
            "6:create,4:null,13:{\"title\":\"T\"},0:,");
}

TEST(ComputeHash, IsLowerCaseHexSha256OfTheCanonicalForm) {
  // python3: hashlib.sha256(<the bytes above>).hexdigest()
  EXPECT_EQ(ComputeHash(Sample()),
            "cfd76a82656c031b21e6f3ba1514ce58d9d43f2377c2943e785229d34931cb24");
}

TEST(CanonicalForm, FieldBoundariesCannotBeShifted) {
  Entry a = Sample();
  a.actor.label = "a,1:b";
  a.object_type = "c";
  Entry b = Sample();
  b.actor.label = "a";
  b.object_type = "b,1:c";
  EXPECT_NE(CanonicalForm(a), CanonicalForm(b));
  EXPECT_NE(ComputeHash(a), ComputeHash(b));
}

TEST(CanonicalForm, DistinguishesNoProcessFromAnyProcess) {
  Entry with = Sample();
  Entry without = Sample();
  without.process_id.reset();
  EXPECT_NE(ComputeHash(with), ComputeHash(without));
}

TEST(ComputeHash, CoversEveryField) {
  const std::string base = ComputeHash(Sample());
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
  };
  for (size_t i = 0; i < edits.size(); ++i) {
    Entry e = Sample();
    edits[i](e);
    EXPECT_NE(ComputeHash(e), base) << "edit " << i;
  }
}

}  // namespace
}  // namespace plenary::audit
