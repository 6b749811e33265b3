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
}
