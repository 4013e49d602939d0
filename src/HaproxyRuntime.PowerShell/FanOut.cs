using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Runs one piece of work per item (per session: per HAProxy node) on up to a throttle's worth of threads, while the
/// pipeline thread runs what those threads hand it: PowerShell allows Write*, ShouldProcess and session-state calls on
/// the pipeline thread only. Writes are queued in order and not waited for; questions (ShouldProcess, a path) wait
/// for their answer. The first failure on either side stops the rest: queued writes are dropped, waiting questions
/// fail, and the failure is rethrown on the pipeline thread once every worker has ended.
/// </summary>
internal sealed class FanOut : IDisposable
{
    /// <summary>Unwinds a worker once the fan-out is stopping; never reaches the user.</summary>
    internal sealed class StoppedException : Exception
    {
    }

    private sealed class Item
    {
        public Item(Action run, Action? abandon)
        {
            Run = run;
            Abandon = abandon;
        }

        public Action Run { get; }
        public Action? Abandon { get; }
    }

    private readonly BlockingCollection<Item> _queue = new BlockingCollection<Item>();
    private readonly ConcurrentQueue<ExceptionDispatchInfo> _workerFailures = new ConcurrentQueue<ExceptionDispatchInfo>();
    private volatile bool _stopping;

    /// <summary>Queues a write for the pipeline thread; a stopping fan-out unwinds the worker instead.</summary>
    public void Post(Action write)
    {
        if (_stopping) throw new StoppedException();
        _queue.Add(new Item(write, null));
    }

    /// <summary>Runs <paramref name="question"/> on the pipeline thread and waits for its answer (or its exception).</summary>
    public T Call<T>(Func<T> question)
    {
        if (_stopping) throw new StoppedException();
        using var answered = new ManualResetEventSlim();
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        bool abandoned = false;
        _queue.Add(new Item(
            () =>
            {
                try { result = question(); }
                catch (Exception ex) { failure = ExceptionDispatchInfo.Capture(ex); throw; }
                finally { answered.Set(); }
            },
            () => { abandoned = true; answered.Set(); }));
        answered.Wait();
        if (abandoned) throw new StoppedException();
        failure?.Throw();
        return result;
    }

    /// <summary>
    /// Runs <paramref name="work"/> for every item, <paramref name="throttle"/> at a time, on threads of their own (the
    /// work blocks in socket calls for as long as a node takes to answer; pool threads would starve). Returns once all
    /// ended; throws the pipeline thread's failure, else the first worker's.
    /// </summary>
    public void Run<T>(IReadOnlyList<T> items, int throttle, Action<T> work, Action stopWorkers)
    {
        int next = -1;
        int workers = Math.Max(1, Math.Min(throttle, items.Count));
        int running = workers;
        for (int w = 0; w < workers; w++)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    int i;
                    while (!_stopping && (i = Interlocked.Increment(ref next)) < items.Count) work(items[i]);
                }
                catch (StoppedException)
                {
                }
                catch (Exception ex)
                {
                    _workerFailures.Enqueue(ExceptionDispatchInfo.Capture(ex));
                    _stopping = true;
                    stopWorkers();
                }
                finally
                {
                    if (Interlocked.Decrement(ref running) == 0) _queue.CompleteAdding();
                }
            })
            {
                IsBackground = true,
                Name = "HaproxyRuntime fan-out",
            };
            thread.Start();
        }
        ExceptionDispatchInfo? pipelineFailure = null;
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            if (pipelineFailure != null || _stopping)
            {
                item.Abandon?.Invoke();
                continue;
            }
            try
            {
                item.Run();
            }
            catch (Exception ex)
            {
                // Downstream stopped (Select-Object -First), Ctrl+C, a terminating error: the others stop too.
                pipelineFailure = ExceptionDispatchInfo.Capture(ex);
                _stopping = true;
                stopWorkers();
            }
        }
        pipelineFailure?.Throw();
        if (_workerFailures.TryDequeue(out var first)) first.Throw();
    }

    public void Dispose() => _queue.Dispose();
}
