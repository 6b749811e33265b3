import FuzzTargets
import Foundation

// Built by `make fuzz` with `-sanitize=fuzzer,address -DDF_FUZZING`: libFuzzer provides `main` and calls the entry
// below with each input; the target comes from DF_FUZZ_TARGET. In an ordinary build it is a replayer instead:
// `dreamframe-fuzz TARGET FILE…` runs files through a target (a crash found by fuzzing, reproduced).

#if DF_FUZZING
nonisolated(unsafe) private let selected: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["DF_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("DF_FUZZ_TARGET: expected one of \(names), got '\(name)'\n".utf8))
        exit(64)
    }
    return target
}()

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    selected.run(Data(bytes: bytes, count: count))
    return 0
}
#else
@main
struct FuzzReplay {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: " | ")
            FileHandle.standardError.write(Data("usage: dreamframe-fuzz \(names) FILE...\n".utf8))
            exit(64)
        }
        for path in arguments.dropFirst() {
            target.run(try Data(contentsOf: URL(fileURLWithPath: path)))
            print("\(target.rawValue): \(path) ok")
        }
    }
}
#endif
