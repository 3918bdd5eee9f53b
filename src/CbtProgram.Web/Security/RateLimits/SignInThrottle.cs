using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CbtProgram.Web.Security.RateLimits;

/// <summary>
/// Keeps a stranger from locking someone out. Two rules, per (client address, account by normalised email):
/// <list type="number">
/// <item>After <see cref="RateLimitOptions.SignInFailuresPerAddressAndAccount"/> wrong passwords (5 in 15 minutes by
/// default) that address is paused for that account: its next attempts get 429 without the password being checked, so
/// they never reach the account's lockout. Everyone else, the account's owner included, signs in as usual.</item>
/// <item>The account-wide lockout (Identity's, <see cref="Accounts.AccountsSetup.MaxFailedSignIns"/> failures) counts
/// at most one failure per address per <see cref="LockoutVoteWindow"/>, so locking an account takes wrong passwords
/// from that many different addresses (a spraying botnet), never one stranger however patient.</item>
/// </list>
/// The second rule is part of the lockout and stays on when <see cref="RateLimitOptions.Enabled"/> is false.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public static readonly TimeSpan LockoutVoteWindow = TimeSpan.FromDays(1);

    private readonly IOptionsMonitor<RateLimitOptions> _options;
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly PartitionedRateLimiter<string> _lockoutVotes;

    public SignInThrottle(IOptionsMonitor<RateLimitOptions> options)
    {
        _options = options;
        _failures = PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitsSetup.Window(key, _options.CurrentValue.SignInFailuresPerAddressAndAccount));
        _lockoutVotes = PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitsSetup.Window(key, new WindowLimit { Permits = 1, Window = LockoutVoteWindow }));
    }

    public Attempt Begin(HttpContext http, string email) =>
        new(this, $"{http.ClientAddress()}|{email.Trim().ToUpperInvariant()}");

    public void Dispose()
    {
        _failures.Dispose();
        _lockoutVotes.Dispose();
    }

    /// <summary>One sign-in attempt: ask <see cref="PausedFor"/> first, pass <see cref="CountsTowardLockout"/> to
    /// Identity, and call <see cref="Failed"/> when the password was wrong.</summary>
    public sealed class Attempt
    {
        private readonly SignInThrottle _throttle;
        private readonly string _key;

        internal Attempt(SignInThrottle throttle, string key)
        {
            _throttle = throttle;
            _key = key;
            // Asking for no permits tells whether any are left without using one.
            using var vote = throttle._lockoutVotes.AttemptAcquire(key, 0);
            CountsTowardLockout = vote.IsAcquired;
            if (throttle._options.CurrentValue.Enabled)
            {
                using var failures = throttle._failures.AttemptAcquire(key, 0);
                PausedFor = failures.IsAcquired ? null : TooManyRequestsResult.RetryAfter(failures);
            }
        }

        /// <summary>Null when this address may try this account now; otherwise how long until it may.</summary>
        public TimeSpan? PausedFor { get; }

        public bool CountsTowardLockout { get; }

        public void Failed()
        {
            _throttle._failures.AttemptAcquire(_key).Dispose();
            if (CountsTowardLockout)
                _throttle._lockoutVotes.AttemptAcquire(_key).Dispose();
        }
    }
}
