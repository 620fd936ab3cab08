// Erasing a person's data from format 2 entries keeps the chain whole; forging what an erasure
// leaves behind, and erasing without an erase entry, are caught. On every backend.
#include "audit/redact.h"

#include <gtest/gtest.h>

#include "audit/store.h"
#include "audit_fixture.h"

namespace plenary::audit {
namespace {

using nlohmann::json;

constexpr std::string_view kErasedAt = "2026-05-06T07:08:09Z";
const Actor kAna{7, "Ana"};
const Actor kBo{8, "Bo"};
const Actor kOfficer{1, "Data protection officer"};

class RedactTest : public AuditDatabaseTest {
 protected:
  // 1: Ana creates process 1. 2: Bo adds member 5, naming Ana. 3: Ana renames member 5.
  // 4: Bo renames process 1.
  void AppendFour() {
    ASSERT_TRUE(AppendOne(ProcessChange(1, "create", nullptr, {{"title", "A"}}), kAna).ok());
    ASSERT_TRUE(AppendOne(MemberChange("add", nullptr, {{"person", "Ana Lima"}}), kBo).ok());
    ASSERT_TRUE(
        AppendOne(MemberChange("update", {{"person", "Ana Lima"}}, {{"person", "Ana L."}}), kAna)
            .ok());
    ASSERT_TRUE(
        AppendOne(ProcessChange(1, "update", {{"title", "A"}}, {{"title", "B"}}), kBo).ok());
  }

  static Change MemberChange(std::string action, json before, json after) {
    return Change{"member", "5", 1, std::move(action), std::move(before), std::move(after)};
  }

  static Redaction ErasureOfAna() {
    return Redaction{kAna.user_id, "erased person #7", {{"member", "5"}}, kOfficer};
  }

  Result<RedactionReport> RedactInTransaction(const Redaction& what) {
    std::optional<RedactionReport> out;
    Status s = db_->Transaction([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(out, Redact(c, what, *ParseIso8601(kErasedAt)));
      return Status::Ok();
    });
    if (!s.ok()) {
      return Error(s);
    }
    return *out;
  }

  Entry EntryAt(int64_t id) {
    Entry out;
    Status s = db_->Read([&](storage::Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto entries, store::ListAfter(c, id - 1, 1));
      if (entries.empty()) {
        return NotFound("no entry " + std::to_string(id));
      }
      out = entries[0];
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  // Writes an entry as the code before migration 0004 did: format 1, hashed over the values.
  // `change` must have a process.
  void AppendFormat1(const Actor& actor, const Change& change) {
    auto report = Verify(*db_);
    ASSERT_TRUE(report && report->intact());
    Entry e;
    e.format = kFormatV1;
    e.id = report->last_id + 1;
    e.at = "2025-12-01T00:00:00Z";
    e.actor = actor;
    e.process_id = change.process_id;
    e.object_type = change.object_type;
    e.object_id = change.object_id;
    e.action = change.action;
    e.before_json = change.before.dump();
    e.after_json = change.after.dump();
    e.prev_hash = report->last_hash;
    e.hash = ComputeHash(e);
    ASSERT_TRUE(e.process_id.has_value());
    Tamper(
        "INSERT INTO audit_log (id, at, actor_user_id, actor_label, process_id, object_type, "
        "object_id, action, before_json, after_json, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {e.id, e.at, e.actor.user_id, e.actor.label, *e.process_id, e.object_type, e.object_id,
         e.action, e.before_json, e.after_json, e.prev_hash, e.hash});
  }

  // Asserts that Verify names entry `id` as altered, saying `why`.
  void ExpectAltered(int64_t id, std::string_view why) {
    auto report = Verify(*db_);
    ASSERT_TRUE(report) << report.error().ToString();
    EXPECT_EQ(report->breach, Breach::kHashMismatch) << report->what;
    EXPECT_EQ(report->broken_id, id) << report->what;
    EXPECT_EQ(report->entries, id - 1);
    EXPECT_EQ(report->what.rfind("hash mismatch", 0), 0u) << report->what;
    EXPECT_NE(report->what.find(why), std::string::npos) << report->what;
  }

  void ExpectIntact(int64_t entries) {
    auto report = Verify(*db_);
    ASSERT_TRUE(report) << report.error().ToString();
    EXPECT_TRUE(report->intact()) << "entry " << report->broken_id << ": " << report->what;
    EXPECT_EQ(report->entries, entries);
  }
};

TEST_P(RedactTest, ErasesTheLabelAndThePayloadsAndKeepsTheChainIntact) {
  AppendFour();
  std::vector<std::string> hashes;
  for (int64_t id = 1; id <= 4; ++id) {
    hashes.push_back(EntryAt(id).hash);
  }
  auto report = RedactInTransaction(ErasureOfAna());
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->redacted, 3);
  EXPECT_EQ(report->kept, 0);
  EXPECT_EQ(report->erase_entry_id, 5);
  ExpectIntact(5);

  Entry created = EntryAt(1);  // by Ana: label erased, payload kept
  EXPECT_EQ(created.actor.label, "erased person #7");
  EXPECT_EQ(created.actor.user_id, 7);
  EXPECT_EQ(created.actor_salt, "");
  EXPECT_EQ(created.actor_digest.size(), 64u);
  EXPECT_EQ(created.after_json, R"({"title":"A"})");
  EXPECT_EQ(created.redacted_at, std::string(kErasedAt));
  Entry added = EntryAt(2);  // by Bo, about member 5: payload erased, label kept
  EXPECT_EQ(added.actor.label, "Bo");
  EXPECT_EQ(added.before_json, kRedactedPayload);
  EXPECT_EQ(added.after_json, kRedactedPayload);
  EXPECT_EQ(added.payload_salt, "");
  EXPECT_TRUE(added.payload_erased());
  EXPECT_FALSE(added.actor_erased());
  Entry renamed = EntryAt(3);  // both
  EXPECT_TRUE(renamed.actor_erased());
  EXPECT_TRUE(renamed.payload_erased());
  Entry other = EntryAt(4);  // neither
  EXPECT_FALSE(other.redacted());
  EXPECT_EQ(other.actor.label, "Bo");
  for (int64_t id = 1; id <= 4; ++id) {
    EXPECT_EQ(EntryAt(id).hash, hashes[id - 1]) << "entry " << id;
  }

  Entry erase = EntryAt(5);
  EXPECT_EQ(erase.object_type, "person");
  EXPECT_EQ(erase.object_id, "7");
  EXPECT_EQ(erase.action, "erase");
  EXPECT_EQ(erase.actor.label, "Data protection officer");
  EXPECT_EQ(erase.at, std::string(kErasedAt));
  EXPECT_EQ(json::parse(erase.after_json),
            json({{"label", "erased person #7"},
                  {"objects", {{{"object_type", "member"}, {"object_id", "5"}}}},
                  {"redacted", 3},
                  {"kept", 0}}));
}

TEST_P(RedactTest, PublicFormsShowThePseudonymAndTheMark) {
  AppendFour();
  ASSERT_TRUE(RedactInTransaction(ErasureOfAna()));
  auto history = History(*db_, "member", "5");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  json renamed = ToJson((*history)[1]);
  EXPECT_EQ(renamed["actor"], "erased person #7");
  EXPECT_EQ(renamed["redacted"], true);
  EXPECT_EQ(renamed["redacted_at"], std::string(kErasedAt));
  EXPECT_EQ(renamed["before"], json({{"redacted", true}}));
  EXPECT_EQ(renamed["after"], json({{"redacted", true}}));
  EXPECT_EQ(renamed["format"], 2);
  EXPECT_EQ(renamed.dump().find("Ana"), std::string::npos) << renamed.dump();
}

TEST_P(RedactTest, AlteredValuesInEntriesNotErasedAreStillCaught) {
  AppendFour();
  ASSERT_TRUE(RedactInTransaction(ErasureOfAna()));
  Tamper("UPDATE audit_log SET actor_label = 'Mallory' WHERE id = 4");
  ExpectAltered(4, "actor label does not match its digest");
}

TEST_P(RedactTest, AnAlteredPayloadNextToAnErasedLabelIsCaught) {
  AppendFour();
  ASSERT_TRUE(RedactInTransaction(ErasureOfAna()));
  Tamper(R"(UPDATE audit_log SET after_json = '{"title":"Z"}' WHERE id = 1)");
  ExpectAltered(1, "do not match their digest");
}

TEST_P(RedactTest, ForgedValuesInAnErasedPayloadAreCaught) {
  AppendFour();
  ASSERT_TRUE(RedactInTransaction(ErasureOfAna()));
  Tamper(R"(UPDATE audit_log SET after_json = '{"person":"Zed"}' WHERE id = 2)");
  ExpectAltered(2, "erasure marker");
}

TEST_P(RedactTest, AForgedPseudonymIsCaught) {
  AppendFour();
  ASSERT_TRUE(RedactInTransaction(ErasureOfAna()));
  Tamper("UPDATE audit_log SET actor_label = 'Bo' WHERE id = 1");
  ExpectAltered(1, "no later erase entry for person 7 names the pseudonym 'Bo'");
}

TEST_P(RedactTest, APseudonymForgedTogetherWithItsEraseEntryIsCaughtThere) {
  AppendFour();
  ASSERT_TRUE(RedactInTransaction(ErasureOfAna()));
  Entry erase = EntryAt(5);
  json after = json::parse(erase.after_json);
  after["label"] = "Bo";
  // Every entry with the pseudonym, and the erase entry that names it: the chain catches the
  // erase entry, and names it rather than the first forged label (README.md, limits).
  Tamper("UPDATE audit_log SET actor_label = 'Bo' WHERE id = 1");
  Tamper("UPDATE audit_log SET actor_label = 'Bo' WHERE id = 3");
  Tamper("UPDATE audit_log SET after_json = ? WHERE id = 5", {after.dump()});
  ExpectAltered(5, "do not match their digest");
}

TEST_P(RedactTest, AnErasureWithoutAnEraseEntryIsCaught) {
  AppendFour();
  // Entry 4 (Bo, process 1) is erased the way Redact would, but no erase entry allows it.
  Tamper(
      "UPDATE audit_log SET before_json = ?, after_json = ?, payload_salt = '', redacted_at = ? "
      "WHERE id = 4",
      {std::string(kRedactedPayload), std::string(kRedactedPayload), std::string(kErasedAt)});
  ExpectAltered(4, "no later erase entry lists this object");
}

TEST_P(RedactTest, AnErasedLabelWithoutAnEraseEntryIsCaught) {
  AppendFour();
  ASSERT_TRUE(RedactInTransaction(ErasureOfAna()));
  // Bo's entry takes Ana's pseudonym, which no erase entry gives to Bo.
  Tamper(
      "UPDATE audit_log SET actor_label = 'erased person #7', actor_salt = '', redacted_at = ? "
      "WHERE id = 4",
      {std::string(kErasedAt)});
  ExpectAltered(4, "no later erase entry for person 8");
}

TEST_P(RedactTest, AnErasureMarkWithoutAnErasureIsCaughtAndViceVersa) {
  AppendFour();
  ASSERT_TRUE(RedactInTransaction(ErasureOfAna()));
  Tamper("UPDATE audit_log SET redacted_at = ? WHERE id = 4", {std::string(kErasedAt)});
  ExpectAltered(4, "marked erased, but nothing in it was erased");
  Tamper("UPDATE audit_log SET redacted_at = NULL WHERE id = 4");
  Tamper("UPDATE audit_log SET redacted_at = NULL WHERE id = 3");
  ExpectAltered(3, "a salt is missing, but it is not marked erased");
}

TEST_P(RedactTest, Format1EntriesStillVerifyAndAreKept) {
  AppendFormat1(kAna, ProcessChange(1, "create", nullptr, {{"title", "A"}}));
  AppendFormat1(kBo, MemberChange("add", nullptr, {{"person", "Ana Lima"}}));
  ExpectIntact(2);
  EXPECT_EQ(EntryAt(1).format, kFormatV1);
  AppendFour();  // format 2 entries chained on top: 3, 4, 5, 6
  ExpectIntact(6);
  EXPECT_EQ(EntryAt(3).prev_hash, EntryAt(2).hash);

  auto report = RedactInTransaction(ErasureOfAna());
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->kept, 2);
  EXPECT_EQ(report->redacted, 3);
  ExpectIntact(7);
  Entry old = EntryAt(1);
  EXPECT_EQ(old.actor.label, "Ana");
  EXPECT_FALSE(old.redacted());
  EXPECT_EQ(EntryAt(2).after_json, R"({"person":"Ana Lima"})");
  EXPECT_EQ(json::parse(EntryAt(7).after_json)["kept"], 2);

  Tamper("UPDATE audit_log SET actor_label = 'Mallory' WHERE id = 1");
  ExpectAltered(1, "the content was altered");
}

TEST_P(RedactTest, AFormat1EntryMarkedErasedIsCaught) {
  AppendFormat1(kAna, ProcessChange(1, "create", nullptr, {{"title", "A"}}));
  Tamper("UPDATE audit_log SET redacted_at = ? WHERE id = 1", {std::string(kErasedAt)});
  ExpectAltered(1, "a format 1 entry cannot be erased");
}

TEST_P(RedactTest, ErasingAgainLeavesErasedValuesAlone) {
  AppendFour();
  ASSERT_TRUE(RedactInTransaction(ErasureOfAna()));
  ASSERT_TRUE(AppendOne(ProcessChange(2, "create", nullptr, {{"title", "C"}}), kAna).ok());
  Redaction again = ErasureOfAna();
  again.label = "erased person #7b";
  auto report = RedactInTransaction(again);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->redacted, 1);  // only entry 6, written since
  EXPECT_EQ(report->erase_entry_id, 7);
  EXPECT_EQ(EntryAt(1).actor.label, "erased person #7");
  EXPECT_EQ(EntryAt(6).actor.label, "erased person #7b");
  ExpectIntact(7);
}

TEST_P(RedactTest, PeopleWhoEraseThemselvesAreNamedByTheirPseudonym) {
  AppendFour();
  Redaction self = ErasureOfAna();
  self.by = kAna;
  ASSERT_TRUE(RedactInTransaction(self));
  EXPECT_EQ(EntryAt(5).actor.label, "erased person #7");
  ExpectIntact(5);
}

TEST_P(RedactTest, RollsBackWithItsTransaction) {
  AppendFour();
  Status failed = db_->Transaction([](storage::Connection& c) -> Status {
    RETURN_IF_ERROR(detail::ToStatus(Redact(c, ErasureOfAna(), *ParseIso8601(kErasedAt))));
    return Conflict("the erasure of the account itself failed");
  });
  EXPECT_EQ(failed.code(), StatusCode::kConflict);
  EXPECT_EQ(EntryAt(1).actor.label, "Ana");
  EXPECT_FALSE(EntryAt(2).redacted());
  ExpectIntact(4);
}

TEST_P(RedactTest, RefusesAnIncompleteRedaction) {
  Redaction no_person = ErasureOfAna();
  no_person.user_id = 0;
  Redaction no_label = ErasureOfAna();
  no_label.label = "";
  Redaction no_object_id = ErasureOfAna();
  no_object_id.objects = {{"member", ""}};
  for (const Redaction& what : {no_person, no_label, no_object_id}) {
    auto report = RedactInTransaction(what);
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code(), StatusCode::kInvalidArgument);
  }
  ExpectIntact(0);
}

INSTANTIATE_TEST_SUITE_P(Backends, RedactTest, ::testing::ValuesIn(TestBackends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plenary::audit
