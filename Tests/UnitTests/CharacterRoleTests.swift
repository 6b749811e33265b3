import Foundation
import Testing
@testable import Models

@Suite("Character role")
struct CharacterRoleTests {
    @Test func characterRoleIsAPlainStringThatNeverFailsToDecode() throws {
        let json = #"[{"appearance":"a","name":"A","role":"main"},{"appearance":"b","name":"B","role":"supporting"},"#
            + #"{"appearance":"c","name":"C","role":"Villain"},{"appearance":"d","name":"D","role":""}]"#
        let characters = try JSONDecoder().decode([StoryCharacter].self, from: Data(json.utf8))
        #expect(characters.map(\.role) == [.main, .supporting, .other("Villain"), .other("")])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(characters), as: UTF8.self) == json)
        #expect(CharacterRole(rawValue: "main") == .main && CharacterRole.other("main") == .main)
        #expect(CharacterRole(rawValue: "Main") == .other("Main"))
        #expect(Set([CharacterRole.main, .other("main")]).count == 1)
    }
}
