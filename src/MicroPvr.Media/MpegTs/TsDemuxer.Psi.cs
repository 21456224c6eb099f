using MicroPvr.Media.Codecs;
using MicroPvr.Media.MpegTs.Psi;

namespace MicroPvr.Media.MpegTs;

/// <summary>PAT and PMT following (ISO/IEC 13818-1 §2.4.4): tables are rebuilt only when their bytes change.</summary>
public sealed partial class TsDemuxer : ISectionSink
{
    private const int MaxSections = 256;

    private readonly byte[]?[] _patSections = new byte[]?[MaxSections];
    private readonly Dictionary<int, ProgramMap> _pmts = [];
    private int _patSectionsVersion = -1;
    private int _patLastSection = -1;
    private PidContext? _sectionContext;
    private long _sectionByteOffset;

    /// <summary>The current PAT, once one was complete.</summary>
    public ProgramAssociation? Pat { get; private set; }

    /// <summary>The current PMT of every programme of the PAT that sent one.</summary>
    public IReadOnlyCollection<ProgramMap> Pmts => _pmts.Values;

    /// <summary>The current PMT of a programme, or null.</summary>
    public ProgramMap? GetPmt(int programNumber) => _pmts.GetValueOrDefault(programNumber);

    /// <summary>
    /// Writes the current PAT and every current PMT as TS packets (188 bytes each) into
    /// <paramref name="destination"/>, for the head of a new file. Continuity counters are chosen so
    /// that the next PAT/PMT packet of the live stream continues them without a gap. Returns the
    /// bytes written, or 0 when no complete PAT+PMT is known yet or the destination is too small.
    /// </summary>
    public int WritePsiPackets(Span<byte> destination)
    {
        if (Pat is null || _pmts.Count == 0 || _patLastSection < 0)
        {
            return 0;
        }

        var written = 0;
        for (var n = 0; n <= _patLastSection; n++)
        {
            var section = _patSections[n];
            if (section is null)
            {
                return 0;
            }

            var w = PsiPacketizer.Write(section, TsPacket.PatPid, GetLastContinuityCounter(TsPacket.PatPid), destination[written..]);
            if (w == 0)
            {
                return 0;
            }

            written += w;
        }

        foreach (var pmt in _pmts.Values)
        {
            var w = PsiPacketizer.Write(pmt.Section.Span, pmt.PmtPid, GetLastContinuityCounter(pmt.PmtPid), destination[written..]);
            if (w == 0)
            {
                return 0;
            }

            written += w;
        }

        return written;
    }

    private void FeedSection(PidContext ctx, ReadOnlySpan<byte> payload, bool unitStart, long byteOffset)
    {
        _sectionContext = ctx;
        _sectionByteOffset = byteOffset;
        if (!ctx.Sections!.Feed(payload, unitStart, this))
        {
            PsiErrors++;
            _handler.OnPsiError(ctx.Pid, byteOffset);
        }
    }

    void ISectionSink.OnSection(ReadOnlySpan<byte> section)
    {
        var ctx = _sectionContext!;
        if (!PsiSectionHeader.TryRead(section, out var h) || !h.CurrentNext)
        {
            return; // current_next_indicator 0: a table announced for later (§2.4.4.5)
        }

        if (ctx.Role == PidRole.Pat && h.TableId == PsiParser.PatTableId)
        {
            OnPatSection(section, h);
        }
        else if (ctx.Role == PidRole.Pmt && h.TableId == PsiParser.PmtTableId)
        {
            OnPmtSection(ctx, section, h);
        }
    }

    private void OnPatSection(ReadOnlySpan<byte> section, PsiSectionHeader h)
    {
        if (h.SectionNumber > h.LastSectionNumber)
        {
            return;
        }

        var stored = _patSections[h.SectionNumber];
        if (h.Version == _patSectionsVersion && h.LastSectionNumber == _patLastSection && stored is not null && section.SequenceEqual(stored))
        {
            return; // the usual case: the same PAT again, ten times a second
        }

        if (h.Version != _patSectionsVersion || h.LastSectionNumber != _patLastSection)
        {
            Array.Clear(_patSections);
            _patSectionsVersion = h.Version;
            _patLastSection = h.LastSectionNumber;
        }

        _patSections[h.SectionNumber] = section.ToArray();
        var programs = new List<PatProgram>();
        for (var n = 0; n <= _patLastSection; n++)
        {
            var part = _patSections[n];
            if (part is null)
            {
                return; // wait for the other sections of this version
            }

            programs.AddRange(PsiParser.ReadPatPrograms(part));
        }

        ApplyPat(new ProgramAssociation(h.TableIdExtension, h.Version, programs));
    }

    private void ApplyPat(ProgramAssociation pat)
    {
        var old = Pat;
        Pat = pat;
        if (old is not null)
        {
            foreach (var p in old.Programs)
            {
                if (!pat.Programs.Contains(p) && _pids[p.PmtPid] is { Role: PidRole.Pmt } gone)
                {
                    gone.Role = PidRole.Unknown;
                    if (_pmts.Remove(p.ProgramNumber, out var pmt))
                    {
                        ForgetStreams(pmt, null);
                    }
                }
            }
        }

        foreach (var p in pat.Programs)
        {
            if (p.ProgramNumber == 0 || p.PmtPid == TsPacket.PatPid || p.PmtPid == TsPacket.NullPid)
            {
                continue; // network_PID (NIT) or nonsense
            }

            var ctx = _pids[p.PmtPid] ??= new PidContext(p.PmtPid);
            ctx.Role = PidRole.Pmt;
            ctx.ProgramNumber = p.ProgramNumber;
            ctx.Sections ??= new SectionAssembler();
        }

        _handler.OnPat(pat);
    }

    private void OnPmtSection(PidContext ctx, ReadOnlySpan<byte> section, PsiSectionHeader h)
    {
        var program = h.TableIdExtension;
        if (!IsProgramOnPid(program, ctx.Pid))
        {
            return;
        }

        var previous = _pmts.GetValueOrDefault(program);
        if (previous is not null && section.SequenceEqual(previous.Section.Span))
        {
            return;
        }

        var pmt = PsiParser.ReadPmt(section, ctx.Pid);
        if (pmt is null)
        {
            PsiErrors++;
            _handler.OnPsiError(ctx.Pid, _sectionByteOffset);
            return;
        }

        _pmts[program] = pmt;
        if (previous is not null)
        {
            ForgetStreams(previous, pmt);
        }

        var audioOnly = pmt.IsAudioOnly;
        foreach (var es in pmt.Streams)
        {
            if (es.Pid == TsPacket.PatPid || es.Pid == TsPacket.NullPid || _pids[es.Pid] is { Role: PidRole.Pat or PidRole.Pmt })
            {
                continue;
            }

            var esCtx = _pids[es.Pid] ??= new PidContext(es.Pid);
            var codecChanged = esCtx.Stream?.Codec != es.Codec;
            esCtx.Role = PidRole.Pes;
            esCtx.Stream = es;
            esCtx.ProgramNumber = program;
            esCtx.AudioOnlyProgram = audioOnly;
            esCtx.Header ??= new byte[PesHeader.MaxLength];
            if (codecChanged)
            {
                esCtx.Detector = RandomAccessDetectors.Create(es.Codec);
                esCtx.InPes = false;
            }
        }

        _handler.OnPmt(pmt, previous);
    }

    private bool IsProgramOnPid(int program, int pid)
    {
        if (Pat is null)
        {
            return false;
        }

        // Indexed loop: foreach over the interface would box an enumerator for every PMT repetition.
        var programs = Pat.Programs;
        for (var i = 0; i < programs.Count; i++)
        {
            if (programs[i].ProgramNumber == program && programs[i].PmtPid == pid)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Streams of an old PMT that the new one (if any) no longer lists go back to unknown PIDs.</summary>
    private void ForgetStreams(ProgramMap old, ProgramMap? current)
    {
        foreach (var es in old.Streams)
        {
            var still = false;
            if (current is not null)
            {
                foreach (var n in current.Streams)
                {
                    still |= n.Pid == es.Pid;
                }
            }

            if (!still && _pids[es.Pid] is { Role: PidRole.Pes } ctx)
            {
                ctx.Role = PidRole.Unknown;
                ctx.Stream = null;
                ctx.Detector = null;
                ctx.InPes = false;
            }
        }
    }
}
