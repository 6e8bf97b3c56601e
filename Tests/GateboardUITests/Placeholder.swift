import Testing
@Test func placeholderUI() { #expect(Bool(true)) }
