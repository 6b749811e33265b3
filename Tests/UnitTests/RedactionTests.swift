import DreamFrameCore
import Foundation
import Testing

/// Redaction of credentials in URLs and free text, including the URLs an operator may type wrong: a password
/// with an unencoded `/`, `#`, `?` or `@` must not escape through the part a URL parser does not see as userinfo.
@Suite("Redaction of credentials")
struct RedactionTests {
    @Test("a password with unencoded /, #, ? or @ is masked whole, in a URL and in free text")
    func unencodedPasswords() {
        let urls = ["amqp://u:pa/ss-S3CR@host:5672/%2F", "amqps://u:pa#ss-S3CR@host/%2F", "redis://:pa?ss-S3CR@h:6379/0",
                    "redis://u:12#ss-S3CR@h/0", "amqp://u:p@ss-S3CR@host/%2F", "http://u:pa/ss-S3CR@h/v1/chat"]
        for url in urls {
            let masked = Redaction.url(url)
            #expect(!masked.contains("S3CR") && !masked.contains("ss-"), "\(url) → \(masked)")
            let line = Redaction.maskUserinfo(in: "connect \(url) failed: refused")
            #expect(!line.contains("S3CR"), "\(line)")
            #expect(line.hasSuffix(" failed: refused"), "\(line)")
        }
    }

    @Test("lists and text keep everything that is not a credential")
    func keepsTheRest() {
        let list = "amqp://u:a@h1:5672/%2F,amqps://u:b@h2:5671/%2F"
        #expect(Redaction.maskUserinfo(in: "nodes \(list) down") == "nodes amqp://***@h1:5672/%2F,amqps://***@h2:5671/%2F down")
        #expect(Redaction.url("https://u:p@h.example/a?key=v&x=1#frag") == "https://***@h.example/a?key=***&x=***")
        #expect(Redaction.url("http://h/a") == "http://h/a")
        #expect(Redaction.maskUserinfo(in: "mail bob@example.com about http://h/x") == "mail bob@example.com about http://h/x")
        #expect(Redaction.maskUserinfo(in: "\"redis://u:pw@h:1/0\"") == "\"redis://***@h:1/0\"")
    }

    @Test("scrub masks each secret as is and percent-encoded")
    func scrubForms() {
        let text = "key p@ss:w/rd and p%40ss%3Aw%2Frd"
        #expect(Redaction.scrub(text, secrets: ["p@ss:w/rd"]) == "key *** and ***")
    }
}
