using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Domain.Diary;
using CbtProgram.Web.Domain.Measures;

namespace CbtProgram.Web.Demo;

/// <summary>Synthetic questionnaire answers for demo and benchmark patients.</summary>
public static class DemoAnswers
{
    /// <summary>Plausible answers that ease a little with each week; item 9 of the PHQ-9 stays at 0.</summary>
    public static MeasureResponse For(Guid patientId, MeasureDefinition measure, string point, int week,
        DateTimeOffset at, Random random, int ease)
    {
        var answers = measure.Items.Select(item =>
        {
            var format = measure.AnswerFor(item);
            if (measure.Id == "phq-9" && item.Id == 9)
                return 0;
            if (!item.Scored) // MIDAS A and B: fixed, so the random draws (and every seed's days) stay as they were
                return format.Lowest + (format.Highest - format.Lowest) / 3;
            var high = format.Type == AnswerFormat.ChoiceType ? format.Highest : Math.Min(format.Highest, 6);
            var value = measure.Id == "who-5" ? random.Next(1, 3) + ease / 4 : Math.Max(0, random.Next(1, high) - ease / 3);
            return Math.Clamp(value, format.Lowest, format.Highest);
        }).ToArray();
        var score = measure.Total(answers.Select(a => (int?)a).ToList());
        return new MeasureResponse(patientId, measure.Id, point, week, answers, score, measure.BandFor(score), at);
    }

    /// <summary>
    /// A plausible diary day: a headache on about 4 days in 10 (6 with heavy medicine use), medicine on some of them.
    /// Heavy users take a triptan for their worse headaches and a simple painkiller for the others, so the
    /// medication-overuse flag shows (more than one kind on 10 or more days); others take a simple painkiller. The
    /// kinds, doses and relaxation minutes follow from the same draws as before, so every seed gives the days it always gave.
    /// </summary>
    public static DiaryDay DiaryDay(Random random, bool heavyMedication)
    {
        var headache = random.NextDouble() < (heavyMedication ? 0.6 : 0.4);
        var medicine = headache && random.NextDouble() < (heavyMedication ? 0.9 : 0.5);
        int? peak = headache ? random.Next(3, 8) : null;
        decimal? hours = headache ? random.Next(2, 9) : null;
        var triptan = medicine && heavyMedication && peak >= 5;
        var triggers = headache ? (random.NextDouble() < 0.5 ? "Short night" : "Long day at the screen") : null;
        var mood = random.Next(3, 8);
        return new DiaryDay(headache, peak, hours, medicine,
            !medicine ? null : triptan ? "Sumatriptan" : heavyMedication ? "Ibuprofen" : "Paracetamol, as on the packet",
            triggers, mood, random.Next(12, 17) / 2m)
        {
            MedicineKinds = !medicine ? AcuteMedicineKinds.None : triptan ? AcuteMedicineKinds.Triptan : AcuteMedicineKinds.SimplePainkiller,
            MedicineDoses = !medicine ? null : triptan ? 1 : 2,
            RelaxationMinutes = mood >= 5 ? 15 : null,
        };
    }
}
