// SPDX-License-Identifier: MIT
// The readers' own YAML tree (yamlnode.h), built from yaml-cpp's parser events: it must read every file as
// yaml-cpp's YAML::Node does (kinds, scalars, marks, aliases, nulls, documents), and stay valid on its own.
#include "yamlinput.h"

#include <QDirIterator>
#include <QTest>

#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

using namespace importers::detail;

namespace {

std::vector<YamlNode> parsed(const std::string &text)
{
    auto documents = parseYaml(text, "test.yaml");
    if (!documents)
        qFatal("not parsed: %s", documents.error().describe().c_str());
    return std::move(*documents);
}

/** @brief Where the two trees first differ ("" when they agree), walking both as a reader would. */
std::string difference(const YamlNode &ours, const YAML::Node &theirs, const std::string &path, int depth = 0)
{
    if (depth > 64)
        return ""; // an alias cycle: both agreed this far
    const std::string at = path + " (line " + std::to_string(theirs.Mark().line + 1) + ")";
    if (ours.isNull() != theirs.IsNull() || ours.isScalar() != theirs.IsScalar() || ours.isSequence() != theirs.IsSequence() ||
        ours.isMap() != theirs.IsMap())
        return at + ": a different kind of node";
    if (ours.line() != theirs.Mark().line + 1 || ours.column() != theirs.Mark().column + 1)
        return at + ": at " + std::to_string(ours.line()) + ":" + std::to_string(ours.column());
    if (theirs.IsScalar() && ours.scalar() != theirs.Scalar())
        return at + ": '" + ours.scalar() + "' instead of '" + theirs.Scalar() + "'";
    if (ours.size() != theirs.size())
        return at + ": " + std::to_string(ours.size()) + " children instead of " + std::to_string(theirs.size());
    if (theirs.IsSequence()) {
        std::size_t i = 0;
        for (const auto &element : ours.elements()) {
            if (auto found = difference(element, theirs[i], path + "[" + std::to_string(i) + "]", depth + 1); !found.empty())
                return found;
            ++i;
        }
    } else if (theirs.IsMap()) {
        auto other = theirs.begin();
        for (const auto &entry : ours.entries()) {
            const std::string name = path + "." + (entry.key.isScalar() ? entry.key.scalar() : std::string("?"));
            if (auto found = difference(entry.key, other->first, name + " (key)", depth + 1); !found.empty())
                return found;
            if (auto found = difference(entry.value, other->second, name, depth + 1); !found.empty())
                return found;
            ++other;
        }
    }
    return "";
}

} // namespace

class TestYamlTree : public QObject
{
    Q_OBJECT

private slots:
    void readsEveryTestFileAsYamlCppDoes()
    {
        int files = 0;
        QDirIterator it(QStringLiteral(TEST_DATA_DIR), {QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const std::string path = it.next().toStdString();
            std::ifstream in(path, std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            std::vector<YAML::Node> theirs;
            try {
                theirs = YAML::LoadAll(text.str());
            } catch (const YAML::Exception &) {
                QVERIFY2(!parseYaml(text.str(), path), path.c_str()); // what yaml-cpp refuses, the tree refuses too
                continue;
            }
            auto ours = parseYaml(text.str(), path);
            if (!ours)
                continue; // refused by a bound of ours (depth, aliases), which tst_import_input covers
            QCOMPARE(ours->size(), theirs.size());
            for (std::size_t i = 0; i < theirs.size(); ++i) {
                const std::string found = difference((*ours)[i], theirs[i], path + " document " + std::to_string(i + 1));
                QVERIFY2(found.empty(), found.c_str());
            }
            ++files;
        }
        QVERIFY2(files >= 40, qPrintable(QStringLiteral("only %1 files compared").arg(files)));
    }

    void readsTrickyTextAsYamlCppDoes()
    {
        const std::vector<std::string> texts = {
            "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\n",
            "? [complex, key]\n: value\n? {k: v}\n: other\n",
            "base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n",
            "tagged: !!str 12\nbinary: !!binary aGVsbG8=\ncustom: !thing {a: b}\n",
            "- - - deep\n    - also\n  - mid\n- top\n",
            "plain: it's\nsingle: 'it''s'\ndouble: \"tab\\there\\u00e9\"\n",
            "%YAML 1.2\n---\na: 1\n...\n---\nb: 2\n",
            "empty_map: {}\nempty_seq: []\nnull_key:\n  ~: value\n",
            "anchored_null: &n\nuse: *n\n",
            "flow: {a: [1, {b: c}], d: e}\n",
        };
        for (const auto &text : texts) {
            const auto theirs = YAML::LoadAll(text);
            const auto ours = parsed(text);
            QCOMPARE(ours.size(), theirs.size());
            for (std::size_t i = 0; i < theirs.size(); ++i) {
                const std::string found = difference(ours[i], theirs[i], text);
                QVERIFY2(found.empty(), found.c_str());
            }
        }
    }

    void theComparisonSeesADifference()
    {
        // The control for the comparison above: two texts that differ in one scalar, one mark, one kind.
        const auto ours = parsed("a: 1\nb: [x, y]\n");
        QVERIFY(difference(ours[0], YAML::Load("a: 1\nb: [x, y]\n"), "").empty());
        QVERIFY(!difference(ours[0], YAML::Load("a: 2\nb: [x, y]\n"), "").empty());
        QVERIFY(!difference(ours[0], YAML::Load("a: 1\n\nb: [x, y]\n"), "").empty());
        QVERIFY(!difference(ours[0], YAML::Load("a: 1\nb: {x: y}\n"), "").empty());
    }

    void locatesNodesFromOne()
    {
        const auto documents = parsed("services:\n  web:\n    image: nginx\n");
        const YamlNode image = documents[0].get("services").get("web").get("image");
        QCOMPARE(image.scalar(), std::string("nginx"));
        QCOMPARE(image.line(), 3);
        QCOMPARE(image.column(), 12);
        QCOMPARE(locate(image, "c.yaml").describe(), std::string("c.yaml:3:12"));
    }

    void anAliasIsTheAnchoredNode()
    {
        const auto documents = parsed("base: &b\n  image: nginx\nweb: *b\nlist: [&s one, *s]\n");
        const YamlNode web = documents[0].get("web");
        QVERIFY(web.isMap());
        QCOMPARE(web.get("image").scalar(), std::string("nginx"));
        QCOMPARE(web.line(), 1); // where the anchored map starts: at its anchor, as yaml-cpp marks it
        QCOMPARE(web.column(), 7);
        std::vector<std::string> list;
        for (const auto &element : documents[0].get("list").elements())
            list.push_back(element.scalar());
        QCOMPARE(list, (std::vector<std::string>{"one", "one"}));
    }

    void anAliasToItsOwnCollectionIsRefused()
    {
        const auto cycle = parseYaml("a: &a [*a]\n", "cycle.yaml");
        QVERIFY(!cycle);
        QVERIFY2(cycle.error().message.find("nested deeper") != std::string::npos, cycle.error().message.c_str());
        QCOMPARE(cycle.error().line, 1);
    }

    void nullsAreNullsAndQuotedNullIsText()
    {
        const auto documents = parsed("a: ~\nb: null\nc:\nd: 'null'\ne: \"\"\n");
        const YamlNode map = documents[0];
        QVERIFY(map.get("a").isNull());
        QVERIFY(map.get("b").isNull());
        QVERIFY(map.get("c").isNull());
        QVERIFY(map.get("d").isScalar());
        QCOMPARE(map.get("d").scalar(), std::string("null"));
        QVERIFY(map.get("e").isScalar());
        QVERIFY(!map.get("missing").isDefined());
        QVERIFY(map.get("c").isDefined());
    }

    void documentsAreKeptApartAndAnEmptyOneIsNull()
    {
        const auto documents = parsed("a: 1\n---\n---\n- x\n");
        QCOMPARE(documents.size(), std::size_t(3));
        QVERIFY(documents[0].isMap());
        QVERIFY(documents[1].isNull());
        QVERIFY(documents[2].isSequence());
        QCOMPARE(parsed("").size(), std::size_t(0));
        // Anchors are numbered per document: the second document's &a is its own.
        const auto anchored = parsed("x: &a 1\ny: *a\n---\nx: &a 2\ny: *a\n");
        QCOMPARE(anchored[0].get("y").scalar(), std::string("1"));
        QCOMPARE(anchored[1].get("y").scalar(), std::string("2"));
    }

    void duplicateKeysAreAllListedAndGetFindsTheFirst()
    {
        const auto documents = parsed("k: first\nk: second\n");
        QCOMPARE(documents[0].size(), std::size_t(2));
        QCOMPARE(documents[0].get("k").scalar(), std::string("first"));
        std::vector<std::string> values;
        for (const auto &entry : documents[0].entries())
            values.push_back(entry.value.scalar());
        QCOMPARE(values, (std::vector<std::string>{"first", "second"}));
    }

    void readingTheWrongKindGivesNothing()
    {
        const auto documents = parsed("m: {a: 1}\ns: [1, 2]\nt: text\n");
        const YamlNode map = documents[0].get("m");
        const YamlNode sequence = documents[0].get("s");
        const YamlNode scalar = documents[0].get("t");
        QVERIFY(map.elements().begin() == map.elements().end());
        QVERIFY(sequence.entries().begin() == sequence.entries().end());
        QVERIFY(scalar.elements().begin() == scalar.elements().end());
        QVERIFY(!sequence.get("a").isDefined());
        QCOMPARE(map.scalar(), std::string());
        const YamlNode undefined;
        QVERIFY(!undefined.isDefined() && !undefined.isNull() && !undefined.isMap());
        QCOMPARE(undefined.size(), std::size_t(0));
        QCOMPARE(undefined.line(), 0);
        QVERIFY(!undefined.get("a").isDefined());
        QVERIFY(undefined.entries().begin() == undefined.entries().end());
    }

    void aNodeOutlivesTheListItCameFrom()
    {
        YamlNode kept;
        {
            auto documents = parsed("deep:\n  value: kept\n");
            kept = documents[0].get("deep");
        }
        QCOMPARE(kept.get("value").scalar(), std::string("kept"));
        // A range over a temporary node of a temporary list: the range itself keeps the file's storage.
        std::vector<std::string> read;
        for (const auto &element : parsed("list: [a, b, c]\n")[0].get("list").elements())
            read.push_back(element.scalar());
        QCOMPARE(read, (std::vector<std::string>{"a", "b", "c"}));
    }
};

QTEST_GUILESS_MAIN(TestYamlTree)
#include "tst_yamltree.moc"
