import DreamFrameCore
import Foundation

/// An ordered list of HTTP header fields with case-insensitive lookup.
///
/// Its `description` prints header names only for credential-bearing fields (see ``HTTPRedaction``), so a header list
/// can be logged safely.
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// The fields in order, as (name, value) pairs.
    public private(set) var fields: [(name: String, value: String)]

    /// Creates a header list from (name, value) pairs, keeping their order.
    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    /// Creates a header list from a dictionary literal.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The first value of the named field (case-insensitive), or nil. Setting replaces every field of that name;
    /// setting nil removes them.
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
        set {
            fields.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
            if let newValue { fields.append((name: name, value: newValue)) }
        }
    }

    /// Every value of the named field (case-insensitive), in order.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    /// Appends a field, keeping any existing fields of the same name.
    public mutating func add(name: String, value: String) { fields.append((name: name, value: value)) }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    /// `name: value` lines with credential-bearing values replaced by `***`.
    public var description: String {
        fields.map { "\($0.name): \(HTTPRedaction.isSensitiveHeader($0.name) ? Redaction.mask : $0.value)" }
            .joined(separator: ", ")
    }

    /// Equal when the same fields (names and values as given) appear in the same order.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Hashes consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}

extension HTTPHeaders: CustomReflectable {
    /// A mirror that shows the redacted description only, so `dump()` never prints credentials.
    public var customMirror: Mirror { Mirror(self, children: ["fields": description], displayStyle: .struct) }
}
