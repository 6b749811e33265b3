import ArgumentParser
import Models

/// A frame size given as `WIDTHxHEIGHT`, each side 16...4096.
public struct FrameSize: Sendable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// 512x288, the default frame size.
    public static let standard = FrameSize(width: 512, height: 288)

    public var description: String { "\(width)x\(height)" }

    /// Parses `WIDTHxHEIGHT`; the error says what was expected (ArgumentParser adds the flag).
    public static func parse(_ text: String) throws -> FrameSize {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let width = parts[0], let height = parts[1],
              (16...4096).contains(width), (16...4096).contains(height) else {
            throw ValidationError("expected WIDTHxHEIGHT with each side in 16...4096, e.g. 512x288")
        }
        return FrameSize(width: width, height: height)
    }
}

extension Branching {
    /// Parses `a,b,c` (substories, tinystories per substory, keyframes per tinystory); the error says what was
    /// expected (ArgumentParser adds the flag).
    public static func parse(_ text: String) throws -> Branching {
        guard let branching = Branching(parsing: text) else {
            throw ValidationError("expected three numbers 1...64 like 3,2,3 or 11,11,11 (the paper's)")
        }
        return branching
    }
}
