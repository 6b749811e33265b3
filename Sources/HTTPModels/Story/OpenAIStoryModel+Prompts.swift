import Models
import Clients
import DreamFrameCore
import Foundation

extension OpenAIStoryModel {
    /// The verbs keyframes may use (the paper's list).
    public static let keyframeVerbs = ["stand", "sit", "look", "talk", "hold", "squat", "walk", "hug"]

    /// Dialogue lines asked for per tinystory: the paper's 6 per 11 frames, at least 1.
    static func dialogueCount(keyframes: Int) -> Int { max(1, (keyframes * 6 + 10) / 11) }

    static let systemPrompt = """
        You are a screenwriter who plans movies for an image generator. You always answer with exactly one JSON \
        object that follows the schema you are given: no prose, no markdown, no code fences. Every string is plain \
        English. Questions in QA pairs start with one of the words What, Why, How or Where, and every answer is \
        one or two sentences.
        """

    /// The repair turn of an invalid answer: the reason and the schema, never the answer itself (a runaway answer
    /// sent back would overflow the context). Without `schema`, for a server whose context the schema's text
    /// overflows, it asks for the form the request above gives.
    static func repairPrompt(reason: String, schema: JSONSchema?) -> String {
        """
        Your previous answer was invalid: \(reason).
        Answer again from the start, following every rule of the request above. \(replyRule(schema))
        """
    }

    /// The repair turn of an answer its token budget cut off (`schema` as in ``repairPrompt(reason:schema:)``).
    static func cutRepairPrompt(tokens: Int, schema: JSONSchema?) -> String {
        """
        Your previous answer was too long: it was cut off after \(tokens) tokens. Answer again from the start, \
        following every rule of the request above, and keep every text short: one sentence each. \(replyRule(schema))
        """
    }

    /// A repair turn's last sentence: the schema's text, or the request's own form.
    private static func replyRule(_ schema: JSONSchema?) -> String {
        guard let schema else { return "Reply with one JSON object only, in the form the request above asks for." }
        return "Reply with one JSON object only, valid against this JSON Schema: \(schema.canonical)"
    }

    /// One-line JSON of a value for embedding in a prompt (`Label: {...}`).
    static func jsonLine<T: Encodable>(_ value: T) -> String {
        (try? JSONCoding.compactString(value)) ?? "{}"
    }

    /// Level 1 prompt: the movie prior and its substories.
    static func plotPrompt(_ request: PlotRequest) -> String {
        let n = request.substoryCount
        let theme = request.theme.map { "Theme: \($0)" }
            ?? "Theme: choose an original theme yourself (one short phrase) and report it in \"theme\"."
        return """
            Write the plan of a movie. \(theme)

            Rules:
            - A title, a one-paragraph overview and one genre (e.g. Drama, Comedy, Romance, Anime, Adventure, Family, \
            Historical, Horror, Mystery, Crime, Action, Fantasy, Disaster, Sci-Fi, Biography).
            - The style: "tone" holds adjectives and key phrases of the story's tone; "keyword" is ONE single word \
            naming the visual style (e.g. Dramatic); "description" describes the look in detail (light, colour, \
            texture) so reference images can be painted from it.
            - At least 12 locations; each location name has at most 2 words.
            - 1 or 2 main characters and 0 or 1 supporting character. Bind each to ONE fixed appearance phrase such \
            as "a man looks like <a celebrity> in <one colour>"; the appearance never changes.
            - Exactly \(n) substories, in story order. Each has a "scene" of 1 to 3 locations taken verbatim from \
            "locations", a "content" paragraph, and one QA pair about it.

            Answer with this JSON object (write exactly \(n) substories):
            {
              "title": string,
              "overview": string,
              "genre": string,
              "theme": string,
              "style": {"keyword": string (one word), "tone": string, "description": string},
              "locations": [string, ...] (12 or more, each at most 2 words),
              "characters": [{"name": string, "role": "main" | "supporting", "appearance": string}, ...],
              "substories": [{"scene": [string, ...] (1-3 of the locations), "content": string,
                              "qa": {"question": string, "answer": string}}, ...]
            }
            """
    }

    /// Level 1's follow-up: one more place for each group of candidates, for a plot that named too few.
    static func morePlacesPrompt(_ plot: MoviePlot, groups: [[String]]) -> String {
        let slots = groups.enumerated().map { index, group in
            "- \(PlaceCatalog.slot(index)): one of \(group.joined(separator: ", "))"
        }.joined(separator: "\n")
        let shape = groups.indices.map { "\"\(PlaceCatalog.slot($0))\": string" }.joined(separator: ", ")
        return """
            A movie needs \(groups.count) more places for its scenes.

            Title: \(plot.title)
            Overview: \(plot.overview)
            Places it has: \(plot.locations.joined(separator: ", "))

            For each slot below, choose the place of its list where a scene of this movie could best happen:
            \(slots)

            Answer with this JSON object: {\(shape)}
            """
    }

    /// Level 2 prompt: one substory into tinystories and a QA pair.
    static func substoryPrompt(_ request: SubstoryRequest) -> String {
        let n = request.tinystoryCount
        return """
            Expand one part (substory) of a movie into exactly \(n) tinystories.

            Movie context: \(jsonLine(request.movie))
            Substory: \(jsonLine(request.substory))

            Rules:
            - Exactly \(n) tinystories, in story order, continuing the substory's content and consistent with the \
            movie context. Refer to characters by their names.
            - Each tinystory happens at one "location" taken verbatim from the movie's locations, preferably from \
            the substory's scene, and has a short "content" paragraph.
            - One QA pair about this substory (question starts with What, Why, How or Where).

            Answer with this JSON object (write exactly \(n) tinystories):
            {
              "tinystories": [{"location": string, "content": string}, ...],
              "qa": {"question": string, "answer": string}
            }
            """
    }

    /// Level 3 prompt: one tinystory into keyframes, dialogue and two QA pairs.
    static func tinystoryPrompt(_ request: TinystoryRequest) -> String {
        let n = request.keyframeCount
        let dialogue = dialogueCount(keyframes: n)
        let style = request.movie.style.keyword
        let verbs = keyframeVerbs.joined(separator: ", ")
        return """
            Expand one tinystory of a movie into exactly \(n) keyframes, as an image generator will draw them.

            Movie context: \(jsonLine(request.movie))
            Substory content: \(request.substoryContent)
            Tinystory: \(jsonLine(request.tinystory))

            Rules:
            - Exactly \(n) keyframes in story order, each one picture of the tinystory.
            - "characters" lists the names of the characters in the frame, the acting one first.
            - "verb" is what the acting character does, one of: \(verbs). Use no other action verbs.
            - "action" continues "<the character> is ...": the verb in its -ing form and the rest of the action, \
            e.g. "walking toward the window" (it becomes "generate an image in \(style) style: at <location>, \
            <appearance> is <action>, with a <expression> face").
            - "expression" is one facial expression, e.g. "hopeful".
            - "location" is taken verbatim from the movie's locations (normally the tinystory's location).
            - About \(dialogue) of the keyframes carry a "dialogue" line ("<Name>: <words>") spoken right after \
            the frame; the others have "dialogue": null.
            - Exactly 2 QA pairs about this tinystory (questions start with What, Why, How or Where).

            Answer with this JSON object (write exactly \(n) keyframes):
            {
              "keyframes": [{"location": string, "characters": [string, ...], "verb": string, "action": string,
                             "expression": string, "dialogue": string | null}, ...],
              "qa": [{"question": string, "answer": string}, {"question": string, "answer": string}]
            }
            """
    }
}
