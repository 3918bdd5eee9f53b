namespace CbtProgram.UnitTests.Curriculum;

/// <summary>A small valid module file to break in one place per test.</summary>
internal static class ModuleText
{
    public const string Valid = """
        ---
        week: 3
        title: Finding and managing your triggers
        summary: A short summary.
        components: [trigger-management, education]
        steps:
          - id: check-in
            kind: check-in
            title: Your weekly check-in
            minutes: 5
          - id: learn
            kind: reading
            title: What a trigger is
            minutes: 20
          - id: breathe
            kind: exercise
            title: Slow breathing
            minutes: 10
            phases:
              - name: Settle
                seconds: 60
                script: "Sit comfortably: let your shoulders drop."
          - id: log
            kind: worksheet
            title: Trigger log
            minutes: 10
            fields:
              - id: trigger
                label: What might have set it off?
                type: long-text
              - id: strength
                label: How strong was the headache?
                type: scale
                min: 0
                max: 10
          - id: quiz
            kind: quiz
            title: A quick check
            minutes: 5
            questions:
              - id: q1
                text: Should you avoid every trigger?
                options: ["Yes, always", "No: some are better coped with"]
                answer: 1
                explain: Avoiding everything can make you more sensitive.
        ---

        <!-- step: learn -->
        A trigger is something that makes a headache **more likely**.

        ### Common triggers
        - Skipped meals

        <!-- step: breathe -->
        Find a quiet place.
        """;
}
