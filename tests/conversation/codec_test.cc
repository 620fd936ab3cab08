// Input of votes, batches, statements and conversations: errors name the field.
#include "conversation/codec.h"

#include <gtest/gtest.h>

namespace plenary::conversation {
namespace {

using nlohmann::json;

TEST(VoteFromJson, TakesWordsAndNumbers) {
  for (auto [given, expected] :
       {std::pair{json("agree"), VoteValue::kAgree}, std::pair{json(-1), VoteValue::kDisagree},
        std::pair{json("pass"), VoteValue::kPass}, std::pair{json(1), VoteValue::kAgree}}) {
    auto v = VoteFromJson({{"statement", 4}, {"vote", given}});
    ASSERT_TRUE(v) << v.error().ToString();
    EXPECT_EQ(v->statement, 4);
    EXPECT_EQ(v->value, expected);
  }
}

TEST(VoteFromJson, NamesTheFaultyField) {
  struct Case {
    json body;
    std::string mentions;
  };
  for (const Case& c : {Case{{{"vote", "agree"}}, "'statement' is required"},
                        Case{{{"statement", -3}, {"vote", "agree"}}, "'statement'"},
                        Case{{{"statement", "two"}, {"vote", "agree"}}, "'statement'"},
                        Case{{{"statement", 2}}, "'vote' is required"},
                        Case{{{"statement", 2}, {"vote", 2}}, "'vote' must be agree"},
                        Case{{{"statement", 2}, {"vote", "yes"}}, "'vote' must be agree"}}) {
    auto v = VoteFromJson(c.body);
    ASSERT_FALSE(v) << c.body.dump();
    EXPECT_EQ(v.error().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(v.error().message().find(c.mentions), std::string::npos) << v.error().message();
  }
}

TEST(BatchFromJson, NamesTheEntryAndTakesAnArrayOrAnObject) {
  json items = json::array({{{"participant", 1}, {"statement", 2}, {"vote", "agree"}},
                            {{"participant", 3}, {"statement", 2}, {"vote", "pass"}}});
  auto batch = BatchFromJson(items);
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->size(), 2u);
  EXPECT_EQ((*batch)[1].participant, 3);
  EXPECT_EQ((*batch)[1].value, VoteValue::kPass);
  EXPECT_TRUE(BatchFromJson({{"votes", items}}));
  items[1]["vote"] = "maybe";
  auto bad = BatchFromJson(items);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("votes[1].vote"), std::string::npos);
  items[1].erase("participant");
  EXPECT_NE(BatchFromJson(items).error().message().find("votes[1].participant"), std::string::npos);
  EXPECT_FALSE(BatchFromJson({{"participant", 1}}));
}

TEST(ConversationFromJson, NeedsATopicAndKnownModeration) {
  auto c = ConversationFromJson({{"topic", "  Enhanced cooperation "}});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->topic, "Enhanced cooperation");
  EXPECT_TRUE(c->open);
  EXPECT_EQ(c->moderation, Moderation::kNone);
  EXPECT_NE(ConversationFromJson({{"topic", ""}}).error().message().find("'topic'"),
            std::string::npos);
  EXPECT_NE(ConversationFromJson({{"topic", "t"}, {"moderation", "later"}})
                .error()
                .message()
                .find("'moderation'"),
            std::string::npos);
  EXPECT_NE(
      ConversationFromJson({{"topic", "t"}, {"open", "yes"}}).error().message().find("'open'"),
      std::string::npos);
}

TEST(SeedsFromJson, TakesOneOrManyAndNamesTheItem) {
  auto one = SeedsFromJson({{"text", "A statement."}, {"source", "para. 11"}});
  ASSERT_TRUE(one);
  EXPECT_EQ((*one)[0].source, "para. 11");
  auto many = SeedsFromJson({{"statements", {{{"text", "a"}}, {{"text", " "}}}}});
  ASSERT_FALSE(many);
  EXPECT_NE(many.error().message().find("statements[1].text"), std::string::npos);
  EXPECT_FALSE(SeedsFromJson({{"text", std::string(kMaxStatementBytes + 1, 'x')}}));
}

TEST(DeclarationFromFields, KnowsTheStakeholderGroups) {
  EXPECT_TRUE(DeclarationFromFields("technical_community", "KEN"));
  EXPECT_TRUE(DeclarationFromFields("", ""));
  auto bad = DeclarationFromFields("pirates", "");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("'stakeholder_group'"), std::string::npos);
}

}  // namespace
}  // namespace plenary::conversation
