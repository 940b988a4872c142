// SPDX-License-Identifier: MIT
#pragma once
// The readers' own YAML tree, built from yaml-cpp's parser events (see yamlinput.cpp). yaml-cpp's YAML::Node
// keeps every node of a load in one std::set and costs several hundred bytes a node, so a file of thousands of
// services took superlinear time and 60 times its size in memory; this tree keeps compact nodes in one deque per file,
// and reading it never throws.

#include <cstdint>
#include <deque>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace importers::detail {

/** @brief The nodes of one file, in the order the parser produced them; a collection lists its children's positions. */
struct YamlStorage {
    enum class Kind : std::uint8_t { Null, Scalar, Sequence, Map };
    struct Node {
        Kind kind = Kind::Null;
        int line = 0;   ///< 1-based
        int column = 0; ///< 1-based
        std::string scalar;
        std::vector<std::uint32_t> children; ///< a sequence's elements; a map's keys and values, alternating
    };
    std::deque<Node> nodes; // grows without moving what it holds
};

struct YamlEntry;

/**
 * @brief A node of a parsed file, or "undefined" (absent). It shares the file's storage, so it stays valid
 * on its own. An alias is the node it names, as in yaml-cpp: the same node may sit under several parents.
 */
class YamlNode
{
public:
    YamlNode() = default; ///< undefined
    YamlNode(std::shared_ptr<const YamlStorage> storage, std::uint32_t index) : m_storage(std::move(storage)), m_index(index) {}

    [[nodiscard]] bool isDefined() const { return m_storage != nullptr; }
    [[nodiscard]] bool isNull() const { return isDefined() && node().kind == YamlStorage::Kind::Null; }
    [[nodiscard]] bool isScalar() const { return isDefined() && node().kind == YamlStorage::Kind::Scalar; }
    [[nodiscard]] bool isSequence() const { return isDefined() && node().kind == YamlStorage::Kind::Sequence; }
    [[nodiscard]] bool isMap() const { return isDefined() && node().kind == YamlStorage::Kind::Map; }
    /** @brief A scalar's text; empty for anything else. */
    [[nodiscard]] const std::string &scalar() const;
    /** @brief 1-based line and column; 0 when undefined. */
    [[nodiscard]] int line() const { return isDefined() ? node().line : 0; }
    [[nodiscard]] int column() const { return isDefined() ? node().column : 0; }
    /** @brief Elements of a sequence, items of a map; 0 otherwise. */
    [[nodiscard]] std::size_t size() const;
    /** @brief The value of the first item whose key is the scalar `key`, as yaml-cpp's lookup; undefined if none. */
    [[nodiscard]] YamlNode get(std::string_view key) const;

    /**
     * @brief Positions in a children list, read as nodes (sequence elements) or as entries (map items). The range
     * shares the file's storage, so `for (auto item : node.get("key").elements())` is safe after the temporary
     * node is gone.
     */
    template <typename Item, std::size_t Stride>
    class Range
    {
    public:
        class iterator
        {
        public:
            using iterator_category = std::forward_iterator_tag;
            using value_type = Item;
            using difference_type = std::ptrdiff_t;
            using pointer = void;
            using reference = Item;
            iterator(const std::shared_ptr<const YamlStorage> *storage, const std::uint32_t *at) : m_storage(storage), m_at(at) {}
            Item operator*() const { return make<Item>(*m_storage, m_at); }
            iterator &operator++()
            {
                m_at += Stride;
                return *this;
            }
            bool operator==(const iterator &other) const { return m_at == other.m_at; }

        private:
            const std::shared_ptr<const YamlStorage> *m_storage;
            const std::uint32_t *m_at;
        };
        Range(std::shared_ptr<const YamlStorage> storage, const std::uint32_t *begin, const std::uint32_t *end)
            : m_storage(std::move(storage)), m_begin(begin), m_end(end)
        {
        }
        [[nodiscard]] iterator begin() const { return {&m_storage, m_begin}; }
        [[nodiscard]] iterator end() const { return {&m_storage, m_end}; }

    private:
        std::shared_ptr<const YamlStorage> m_storage;
        const std::uint32_t *m_begin;
        const std::uint32_t *m_end;
    };

    /** @brief A sequence's elements; nothing for anything else. */
    [[nodiscard]] Range<YamlNode, 1> elements() const;
    /** @brief A map's items in file order (duplicates included); nothing for anything else. */
    [[nodiscard]] Range<YamlEntry, 2> entries() const;

private:
    [[nodiscard]] const YamlStorage::Node &node() const { return m_storage->nodes[m_index]; }
    template <typename Item>
    static Item make(const std::shared_ptr<const YamlStorage> &storage, const std::uint32_t *at);

    std::shared_ptr<const YamlStorage> m_storage;
    std::uint32_t m_index = 0;
};

/** @brief One item of a mapping. */
struct YamlEntry {
    YamlNode key;
    YamlNode value;
};

template <>
inline YamlNode YamlNode::make<YamlNode>(const std::shared_ptr<const YamlStorage> &storage, const std::uint32_t *at)
{
    return YamlNode(storage, *at);
}

template <>
inline YamlEntry YamlNode::make<YamlEntry>(const std::shared_ptr<const YamlStorage> &storage, const std::uint32_t *at)
{
    return YamlEntry{YamlNode(storage, at[0]), YamlNode(storage, at[1])};
}

} // namespace importers::detail
