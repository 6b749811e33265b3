import DreamFrameCore
import Foundation
import Testing

@Suite("Child processes")
struct ChildProcessTests {
    /// A socket this process opened without close-on-exec (as SwiftNIO's accepted connections, librabbitmq's and
    /// hiredis' are) does not reach a child: a child holding a copy would keep the connection open after this process
    /// closed it.
    @Test("a child inherits stdin, stdout and stderr only, not this process's other descriptors")
    func noInheritedDescriptors() async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd > 2)
        defer { close(fd) }
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC == 0, "the socket is inheritable")
        let seen = try await ChildProcess.capture("/bin/sh", ["-c", "[ -e /proc/$$/fd/\(fd) ] && echo inherited || echo absent; [ -e /proc/$$/fd/1 ] && echo stdout"])
        #expect(seen.status == 0)
        #expect(seen.output == "absent\nstdout\n", "descriptor \(fd) in the child: \(seen.output)")
    }

    /// The output is read with POSIX calls (Foundation leaks a buffer per empty file read): a silent child, output
    /// longer than one read, and bytes that are not UTF-8.
    @Test("capture returns what the child printed: nothing, more than one read's worth, or bytes that are not UTF-8")
    func captureReadsTheOutput() async throws {
        let silent = try await ChildProcess.capture("/bin/true", [])
        #expect(silent.status == 0 && silent.output.isEmpty)
        let loud = try await ChildProcess.capture("/bin/sh", ["-c", "head -c 40000 /dev/zero | tr '\\0' x; echo; exit 4"])
        #expect(loud.status == 4)
        #expect(loud.output == String(repeating: "x", count: 40_000) + "\n")
        let binary = try await ChildProcess.capture("/usr/bin/printf", ["a\\377b"])
        #expect(binary.output == "a\u{FFFD}b")
    }

    @Test("past its time limit a child is killed with the processes it started, and the outcome says so")
    func timeLimitKillsTheGroup() async throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("df-child-\(UUID().uuidString.prefix(8)).pid")
        defer { try? FileManager.default.removeItem(at: pidFile) }
        let ended = try await ChildProcess.run("/bin/sh", ["-c", "sleep 60 & echo $! > \(pidFile.path); wait"],
                                               timeLimit: .seconds(2))
        #expect(ended == .timedOut(limit: .seconds(2)) && ended.status == 137)
        let grandchild = try #require(pid_t(((try? String(contentsOf: pidFile, encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        var gone = false
        for _ in 0..<100 where !gone {
            let stat = (try? String(contentsOfFile: "/proc/\(grandchild)/stat", encoding: .utf8)) ?? ""
            gone = stat.isEmpty || stat.contains(") Z")
            if !gone { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(gone, "the shell's sleep \(grandchild) still runs")
        #expect(try await ChildProcess.run("/bin/sh", ["-c", "exit 3"], timeLimit: .seconds(30)) == .exited(3))
    }
}
