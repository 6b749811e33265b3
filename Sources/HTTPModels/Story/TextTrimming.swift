extension String {
    /// The text without leading and trailing white space and line breaks: exactly what `trimmingCharacters(in:
    /// .whitespacesAndNewlines)` returns, without Foundation's round trip through NSString and UTF-16, which on
    /// Linux was a tenth of the CPU a parsed model answer costs. The text itself when there is nothing to trim.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !Self.isTrimmed($0) }) else { return "" }
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }

    /// Whether the text is empty or only white space and line breaks (as ``trimmingWhitespace`` trims them).
    var isBlank: Bool { unicodeScalars.allSatisfy(Self.isTrimmed) }

    /// Foundation's `whitespacesAndNewlines`: the Unicode White_Space scalars and, as CoreFoundation counts it,
    /// ZERO WIDTH SPACE (U+200B).
    private static func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value == 0x200B
    }
}
