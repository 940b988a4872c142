// SPDX-License-Identifier: MIT
// Input the importers must refuse cleanly: each a clear error naming the file (and the line where it helps),
// never a crash, a hang or a blow-up, through the same readDeployment the CLI and the window call.
#include "importers/read.h"

#include <QElapsedTimer>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

using namespace importers;
namespace fs = std::filesystem;

class TestImportInput : public QObject
{
    Q_OBJECT

private:
    fs::path m_dir;

    fs::path write(const std::string &name, const std::string &text)
    {
        const fs::path path = m_dir / name;
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    /** @brief Reads the file, expecting a refusal within a few seconds; returns the error. */
    planner::Error refused(const fs::path &path, const char *what)
    {
        QElapsedTimer timer;
        timer.start();
        auto read = readDeployment({path});
        const qint64 elapsed = timer.elapsed();
        if (read.has_value())
            qFatal("%s: read as a deployment", what);
        if (elapsed > 5000)
            qFatal("%s: took %lld ms to refuse", what, static_cast<long long>(elapsed));
        qInfo("%s -> %s (%lld ms)", what, read.error().describe().c_str(), static_cast<long long>(elapsed));
        if (read.error().file != path.string())
            qFatal("%s: the error names '%s', not the file", what, read.error().file.c_str());
        return read.error();
    }

private slots:
    void initTestCase()
    {
        m_dir = fs::temp_directory_path() / ("owui-import-input-" + std::to_string(::getpid()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }

    void cleanupTestCase() { fs::remove_all(m_dir); }

    void aliasBomb()
    {
        // Billion laughs: nine levels of ten aliases each, 10^9 nodes once expanded, under a Compose service.
        std::string text = "x-l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
        for (int level = 1; level <= 9; ++level) {
            text += "x-l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
            for (int i = 0; i < 10; ++i)
                text += std::string(i ? ", " : "") + "*l" + std::to_string(level - 1);
            text += "]\n";
        }
        text += "services:\n  owui:\n    image: ghcr.io/open-webui/open-webui:main\n    command: *l9\n";
        const auto error = refused(write("bomb.yaml", text), "alias bomb");
        QCOMPARE(error.code, planner::ErrorCode::InvalidInput);
        QVERIFY(error.message.find("alias") != std::string::npos);
    }

    void mergeKeyBomb()
    {
        // The same through merge keys, which the Compose reader applies itself.
        std::string text = "x-m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}\n";
        for (int level = 1; level <= 8; ++level) {
            const std::string previous = "*m" + std::to_string(level - 1);
            text += "x-m" + std::to_string(level) + ": &m" + std::to_string(level) + " {k1: " + previous + ", k2: " + previous +
                    ", k3: " + previous + ", k4: " + previous + ", k5: " + previous + ", k6: " + previous + ", k7: " + previous +
                    ", k8: " + previous + "}\n";
        }
        text += "services:\n  owui:\n    image: openwebui/open-webui\n    <<: *m8\n";
        const auto error = refused(write("mergebomb.yaml", text), "merge-key bomb");
        QVERIFY(error.message.find("nodes") != std::string::npos);
    }

    void fiftyMegabytes()
    {
        const fs::path path = m_dir / "huge.yaml";
        {
            std::ofstream out(path, std::ios::binary);
            out << "services:\n  owui:\n    image: openwebui/open-webui\n    environment:\n";
            const std::string line = "      PADDING_VARIABLE_NAME_THAT_IS_LONG: \"" + std::string(60, 'x') + "\"\n";
            for (std::size_t written = 0; written < 50u * 1024 * 1024; written += line.size())
                out << line;
        }
        QVERIFY(fs::file_size(path) >= 50u * 1024 * 1024);
        const auto error = refused(path, "50 MB file");
        QVERIFY(error.message.find("larger than 16 MiB") != std::string::npos);
    }

    void binaryGarbage()
    {
        std::mt19937 random(11);
        std::string bytes(64 * 1024, '\0');
        for (auto &byte : bytes)
            byte = static_cast<char>(random() & 0xFF);
        bytes[100] = '\0'; // as any binary file has
        const auto error = refused(write("garbage.bin", bytes), "binary garbage");
        QVERIFY(error.message.find("binary") != std::string::npos);
        QVERIFY(error.line >= 1);

        // Bytes that hold no NUL are still no deployment.
        std::string high;
        for (int i = 0; i < 4096; ++i)
            high += static_cast<char>(0x80 + (random() % 0x7F));
        const auto highError = refused(write("high.bin", high), "binary garbage without NUL");
        QVERIFY(!highError.message.empty());
    }

    void jsonThatIsNotADeployment()
    {
        const auto error = refused(write("package.json",
                                         "{\n  \"name\": \"my-app\",\n  \"version\": \"1.0.0\",\n"
                                         "  \"dependencies\": {\"left-pad\": \"^1.3.0\"},\n  \"services\": [\"not\", \"compose\"]\n}\n"),
                                   "JSON that is not a deployment");
        QVERIFY(error.message.find("no Open WebUI found") != std::string::npos);
    }

    void deepNesting_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("text");
        const int depth = 10000;
        std::string block = "services:\n  owui:\n    command:\n      ";
        for (int i = 0; i < depth; ++i)
            block += "- ";
        block += "x\n";
        QTest::newRow("block sequences") << "block.yaml" << QByteArray::fromStdString(block);
        std::string keys = "services:\n  owui:\n    command:\n      ";
        for (int i = 0; i < depth; ++i)
            keys += "? ";
        keys += "x\n";
        QTest::newRow("explicit keys") << "keys.yaml" << QByteArray::fromStdString(keys);
        std::string mapping = "services:\n";
        for (int i = 0; i < depth; ++i)
            mapping += std::string(static_cast<std::size_t>(i % 200) + 2, ' ') + "k" + std::to_string(i) + ":\n";
        // Indentation that wraps every 200 levels: 10000 truly nested levels would need 50 MB of spaces.
        QTest::newRow("block mappings") << "mapping.yaml" << QByteArray::fromStdString(mapping);
        QTest::newRow("flow sequences") << "flow.yaml"
                                        << QByteArray::fromStdString("services: {owui: {command: " + std::string(depth, '[') +
                                                                     std::string(depth, ']') + "}}\n");
        // A line that starts by closing a multi-line quoted string hides its brackets from the text scan; the
        // parsed graph's depth (and yaml-cpp's own guard) still refuse it as nesting.
        QTest::newRow("flow after a multi-line quote")
            << "quoted.yaml"
            << QByteArray::fromStdString("services: {owui: {command: [ \"first\n  \", " + std::string(depth, '[') +
                                         std::string(depth, ']') + "]}}\n");
        QTest::newRow("flow after a multi-line quote, 70 levels")
            << "quoted70.yaml"
            << QByteArray::fromStdString("services: {owui: {command: [ \"first\n  \", " + std::string(70, '[') +
                                         std::string(70, ']') + "]}}\n");
        std::string flowMaps = "services: {owui: {command: ";
        for (int i = 0; i < depth; ++i)
            flowMaps += "{a: ";
        flowMaps += "x" + std::string(depth, '}') + "}}\n";
        QTest::newRow("flow mappings") << "flowmap.yaml" << QByteArray::fromStdString(flowMaps);
    }

    void deepNesting()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, text);
        const auto error = refused(write(name.toStdString(), text.toStdString()), "deep nesting");
        QVERIFY2(error.message.find("nested deeper than 64 levels") != std::string::npos, error.message.c_str());
        QVERIFY(error.line >= 1);
    }

    void fifo()
    {
        const fs::path path = m_dir / "compose.fifo";
        QCOMPARE(::mkfifo(path.c_str(), 0600), 0);
        const auto error = refused(path, "FIFO");
        QVERIFY(error.message.find("not a regular file") != std::string::npos);
    }

    void devZero()
    {
        const auto error = refused("/dev/zero", "/dev/zero");
        QVERIFY(error.message.find("character device") != std::string::npos);
    }

    void emptyAndFolder()
    {
        const auto empty = refused(write("empty.yaml", ""), "empty file");
        QVERIFY(empty.message.find("no Open WebUI found") != std::string::npos);
        const auto folder = refused(m_dir, "a folder");
        QVERIFY(folder.message.find("folder") != std::string::npos);
    }

    void strayCommaDoesNotHang()
    {
        // yaml-cpp 0.7's LoadAll loops for ever here, collecting empty documents (found by fuzz_import_compose).
        const auto error = refused(write("comma.yaml", "- services\n- owui\n,\n"), "stray comma");
        QVERIFY(error.message.find("',' outside a list or mapping") != std::string::npos);
        QCOMPARE(error.line, 3);
    }

    void yamlSyntaxErrorHasLine()
    {
        const auto error = refused(write("broken.yaml", "services:\n  owui:\n    image: [unclosed\n    ports: x\n"), "syntax error");
        QVERIFY(error.message.find("not valid YAML") != std::string::npos);
        QVERIFY(error.line >= 3);
    }
};

QTEST_GUILESS_MAIN(TestImportInput)
#include "tst_import_input.moc"
