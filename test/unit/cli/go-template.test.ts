import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../cli/render/go-template.js';

const render = (template: string, data: unknown) => compileTemplate(template)(data);
const container = {
  Name: '/web',
  State: { Status: 'running', Pid: 42, Running: true, ExitCode: 0 },
  Config: { Env: ['A=1', 'B=2'], Labels: { tier: 'front', 'com.example.x': 'y' }, Cmd: null },
  NetworkSettings: { Networks: { front: { IPAddress: '172.20.0.2' }, back: { IPAddress: '172.21.0.3' } }, Ports: {} },
};

describe('Go templates as docker --format takes them', () => {
  it('reads fields, nested fields and $, and prints values as Go does', () => {
    expect(render('{{.Name}} {{.State.Status}} {{.State.Pid}} {{.State.Running}}', container)).toBe('/web running 42 true');
    expect(render('{{.Config.Env}} {{.Config.Labels}} {{.Config.Cmd}} {{.Config.Missing}}', container)).toBe('[A=1 B=2] map[com.example.x:y tier:front] <nil> <no value>');
    expect(render('{{with .State}}{{.Pid}} of {{$.Name}}{{end}}', container)).toBe('42 of /web');
    expect(render('plain text, no action', container)).toBe('plain text, no action');
  });

  it('runs range, if/else if/else and variables', () => {
    expect(render('{{range $name, $net := .NetworkSettings.Networks}}{{$name}}={{$net.IPAddress}} {{end}}', container)).toBe('back=172.21.0.3 front=172.20.0.2 ');
    expect(render('{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', container)).toBe('172.21.0.3172.20.0.2');
    expect(render('{{range .Config.Env}}[{{.}}]{{else}}none{{end}}', container)).toBe('[A=1][B=2]');
    expect(render('{{range .NetworkSettings.Ports}}x{{else}}none{{end}}', container)).toBe('none');
    const status = (s: string) => render('{{if eq .State.Status "running"}}up{{else if eq .State.Status "exited"}}down{{else}}?{{end}}', { State: { Status: s } });
    expect([status('running'), status('exited'), status('paused')]).toEqual(['up', 'down', '?']);
    expect(render('{{$pid := .State.Pid}}{{if gt $pid 10}}big {{$pid}}{{end}}', container)).toBe('big 42');
  });

  it('has docker\'s functions and Go\'s', () => {
    expect(render('{{json .State}}', container)).toBe('{"Status":"running","Pid":42,"Running":true,"ExitCode":0}');
    expect(render('{{join .Config.Env ","}}|{{index .Config.Labels "com.example.x"}}|{{len .Config.Env}}', container)).toBe('A=1,B=2|y|2');
    expect(render('{{.State.Status | upper}} {{lower "ABC"}} {{title "hello world"}} {{truncate .Name 2}}|{{pad "x" 1 2}}|', container)).toBe('RUNNING abc Hello World /w| x  |');
    expect(render('{{printf "%s has pid %d (%q) %%" .Name .State.Pid .State.Status}}', container)).toBe('/web has pid 42 ("running") %');
    expect(render('{{split "a:b:c" ":"}} {{println "x" 1}}{{print 1 2 "s" 3}}', {})).toBe('[a b c] x 1\n1 2s3');
    expect(render('{{and .State.Running .State.Pid}} {{or .State.ExitCode "none"}} {{not .State.Running}} {{ne 1 2}}', container)).toBe('42 none false true');
    expect(render('{{(index .NetworkSettings.Networks "front").IPAddress}}', container)).toBe('172.20.0.2');
  });

  it('trims white space beside {{- and -}}, and skips comments', () => {
    expect(render('a  \n {{- .Name -}}  \n b{{/* a comment */}}', container)).toBe('a/webb');
  });

  it('refuses templates Go would not parse, naming why', () => {
    expect(() => compileTemplate('{{.Name')).toThrow(/template parsing error: unclosed action/);
    expect(() => compileTemplate('{{if .Name}}x')).toThrow(/an \{\{end\}\} is missing/);
    expect(() => compileTemplate('{{end}}')).toThrow(/unexpected \{\{end\}\}/);
    expect(() => compileTemplate('{{nosuch .Name}}')).toThrow(/function "nosuch" not defined/);
    expect(() => compileTemplate('{{"open}}')).toThrow(/template parsing error/);
    expect(() => render('{{.Name.Inner}}', container)).toThrow(/can't evaluate field Inner in type string/);
    expect(() => render('{{$nope}}', container)).toThrow(/undefined variable "\$nope"/);
  });
});
