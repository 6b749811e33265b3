import DreamFrameCore
import Foundation

/// A JSON array written one element at a time into a ``StagedFile``, byte for byte what ``JSONCoding/pretty(_:)``
/// makes of the whole array: a dataset of a thousand movies is written without ever holding it.
///
/// Pretty JSON puts no raw line break inside a string, so an element's own pretty text, each line indented by two
/// spaces (empty lines stay empty, as Foundation writes an empty nested array), is exactly its text in the array.
/// Elements can be encoded ahead of time (``Elements``) and appended later as bytes: a movie's dataset entries are
/// encoded once, when it is first exported, and copied by every later export of its run.
struct JSONArrayStream {
    /// Elements encoded as an array holds them: each one's pretty text indented, joined by `,\n`.
    struct Elements: Equatable {
        var count = 0
        var bytes = Data()

        /// `elements` encoded by `encoder` (pretty, sorted keys: ``JSONCoding/prettyEncoder()``).
        init<Element: Encodable>(_ elements: [Element], encoder: JSONEncoder) throws {
            for element in elements {
                let text = try encoder.encode(element)
                var indented: [UInt8] = count == 0 ? [] : [UInt8(ascii: ","), UInt8(ascii: "\n")]
                indented.reserveCapacity(text.count + text.count / 8 + 4)
                var lineStart = true
                for byte in text {
                    if lineStart, byte != UInt8(ascii: "\n") { indented += [UInt8(ascii: " "), UInt8(ascii: " ")] }
                    indented.append(byte)
                    lineStart = byte == UInt8(ascii: "\n")
                }
                bytes.append(contentsOf: indented)
                count += 1
            }
        }

        /// `count` elements already encoded as `bytes`.
        init(count: Int, bytes: Data) {
            self.count = count
            self.bytes = bytes
        }
    }

    private let file: StagedFile
    private let encoder = JSONCoding.prettyEncoder()
    /// Elements written so far.
    private(set) var count = 0

    /// Starts the array at `target`.
    init(target: URL) throws {
        file = try StagedFile(target: target)
        try file.append("[\n")
    }

    /// Appends one element.
    mutating func append<Element: Encodable>(_ element: Element) throws {
        try append(Elements([element], encoder: encoder))
    }

    /// Appends elements encoded before.
    mutating func append(_ elements: Elements) throws {
        guard elements.count > 0 else { return }
        if count > 0 { try file.append([UInt8(ascii: ","), UInt8(ascii: "\n")]) }
        try file.append(elements.bytes)
        count += elements.count
    }

    /// Appends `count` elements already encoded, which `copy` writes to the file (``StoredDatasetPiece``).
    mutating func append(count elements: Int, copy: (StagedFile) throws -> Void) throws {
        guard elements > 0 else { return }
        if count > 0 { try file.append([UInt8(ascii: ","), UInt8(ascii: "\n")]) }
        try copy(file)
        count += elements
    }

    /// Ends the array and puts the file in place (untouched when it already held these bytes).
    @discardableResult
    func commit() throws -> Bool {
        try file.append("\n]")
        return try file.commit()
    }
}
