namespace EsmCacheCluster.Tests.TypeScript;

/// <summary>
/// A monorepo written to a temp folder with every kind of edge a change can travel: an Angular-style app (legacy
/// decorators with metadata, parameter decorators, a lazy route), a NestJS-style API in CommonJS (decorated
/// controllers, DTOs used only in decorated signatures, <c>import x = require()</c>, <c>require</c> of JSON), a
/// CommonJS package (<c>main</c>, <c>exports</c> with <c>require</c>, folder and extension lookups, <c>.cjs</c>,
/// <c>.cts</c>, <c>require.resolve</c>), declaration files (a global script, <c>declare global</c>, a module
/// augmentation, <c>/// &lt;reference&gt;</c> paths and types), TC39 decorators, loose TypeScript files no tsconfig
/// reaches, type-only imports and exports, <c>import("x")</c> types, <c>createRequire</c>, and JSX in <c>.js</c>.
/// No npm: its node_modules are written here.
/// </summary>
internal sealed class BuildGraphFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public string Root => _dir.Path;

    /// <summary>Files whose classes are decorated, relative to the root, with the decorator mode their tsconfig sets.</summary>
    public static readonly (string File, string Decorators)[] Decorated =
    [
        ("apps/admin/src/app/app.component.ts", "legacy-metadata"),
        ("apps/admin/src/app/user.service.ts", "legacy-metadata"),
        ("apps/admin/src/app/admin/admin.component.ts", "legacy-metadata"),
        ("apps/api/src/app.module.ts", "legacy-metadata"),
        ("apps/api/src/users/users.controller.ts", "legacy-metadata"),
        ("apps/api/src/users/users.service.ts", "legacy-metadata"),
        ("packages/tc39/src/logged.ts", "standard"),
        ("packages/tc39/src/widget.tsx", "standard"),
    ];

    public BuildGraphFixture()
    {
        Write("package.json", """{ "name": "graph-fixture", "private": true, "workspaces": ["apps/*", "packages/*"] }""");

        // Third-party stubs: Angular, NestJS, Express types, Node's and Vite's type packages, React.
        Write("node_modules/@angular/core/package.json", """
            { "name": "@angular/core", "version": "19.0.0", "type": "module",
              "exports": { ".": { "types": "./index.d.ts", "default": "./fesm2022/core.mjs" } } }
            """);
        Write("node_modules/@angular/core/index.d.ts", """
            export declare function Component(o: { selector: string; template: string }): ClassDecorator;
            export declare function Injectable(o?: { providedIn: 'root' }): ClassDecorator;
            export declare function Input(): PropertyDecorator;
            export declare function Inject(token: unknown): ParameterDecorator;
            export declare class InjectionToken<T> { constructor(name: string); }
            """);
        Write("node_modules/@angular/core/fesm2022/core.mjs", "export const Component = () => (c) => c, Injectable = Component, Input = () => () => {}, Inject = Input; export class InjectionToken {}");
        Write("node_modules/@angular/router/package.json", """{ "name": "@angular/router", "version": "19.0.0", "type": "module", "exports": { ".": { "types": "./index.d.ts", "default": "./index.mjs" } } }""");
        Write("node_modules/@angular/router/index.d.ts", "export type Routes = { path: string; loadComponent?: () => Promise<unknown> }[];");
        Write("node_modules/@angular/router/index.mjs", "export {};");
        Write("node_modules/@nestjs/common/package.json", """{ "name": "@nestjs/common", "version": "11.0.0", "main": "index.js", "types": "index.d.ts" }""");
        Write("node_modules/@nestjs/common/index.d.ts", """
            export declare function Module(m: object): ClassDecorator;
            export declare function Controller(path?: string): ClassDecorator;
            export declare function Injectable(): ClassDecorator;
            export declare function Get(path?: string): MethodDecorator;
            export declare function Post(): MethodDecorator;
            export declare function Body(): ParameterDecorator;
            export declare function Param(name: string): ParameterDecorator;
            """);
        Write("node_modules/@nestjs/common/index.js", """
            "use strict";
            Object.defineProperty(exports, "__esModule", { value: true });
            const d = () => () => {};
            exports.Module = d; exports.Controller = d; exports.Injectable = d; exports.Get = d; exports.Post = d; exports.Body = d; exports.Param = d;
            """);
        Write("node_modules/@nestjs/core/package.json", """{ "name": "@nestjs/core", "version": "11.0.0", "main": "index.js", "types": "index.d.ts" }""");
        Write("node_modules/@nestjs/core/index.d.ts", "export declare const NestFactory: { create(m: unknown): Promise<{ listen(p: number): Promise<void> }> };");
        Write("node_modules/@nestjs/core/index.js", "exports.NestFactory = { create: async () => ({ listen: async () => {} }) };");
        Write("node_modules/@types/express/package.json", """{ "name": "@types/express", "version": "5.0.0", "types": "index.d.ts" }""");
        Write("node_modules/@types/express/index.d.ts", "export interface Request { url: string }");
        Write("node_modules/@types/node/package.json", """{ "name": "@types/node", "version": "22.0.0", "types": "index.d.ts" }""");
        Write("node_modules/@types/node/index.d.ts", "declare module 'fs' { export function readFileSync(p: string): string; }\ndeclare module 'node:module' { export function createRequire(u: string): (id: string) => unknown; }");
        Write("node_modules/vite/package.json", """{ "name": "vite", "version": "7.0.0", "type": "module", "exports": { ".": "./index.js", "./client": { "types": "./client.d.ts" } } }""");
        Write("node_modules/vite/client.d.ts", "interface ImportMetaEnv { readonly MODE: string }");
        Write("node_modules/vite/index.js", "export {};");
        Write("node_modules/react/package.json", """{ "name": "react", "version": "19.0.0", "main": "index.js" }""");
        Write("node_modules/react/index.js", "exports.createElement = () => null;");

        // apps/admin: Angular, legacy decorators with metadata, a lazy route.
        Write("apps/admin/tsconfig.json", """
            { "compilerOptions": { "target": "ES2022", "module": "ES2022", "moduleResolution": "bundler", "strict": true,
                                   "experimentalDecorators": true, "emitDecoratorMetadata": true, "useDefineForClassFields": false },
              "include": ["src/**/*.ts", "../../types/**/*.d.ts"] }
            """);
        Write("apps/admin/src/main.ts", """
            /// <reference path="../../../types/global.d.ts" />
            import { AppComponent } from './app/app.component';
            import type { Routes } from '@angular/router';
            export const routes: Routes = [
              { path: 'admin', loadComponent: () => import('./app/admin/admin.component').then((m) => m.AdminComponent) },
            ];
            export const root = AppComponent;
            """);
        Write("apps/admin/src/app/app.component.ts", """
            import { Component, Inject, Input } from '@angular/core';
            import { UserService } from './user.service';
            import { CONFIG, type AppConfig } from './config';
            import type { User } from './user';

            @Component({ selector: 'app-root', template: '<h1>{{ title }}</h1>' })
            export class AppComponent {
              @Input() title = 'admin';
              users: User[] = [];
              constructor(private readonly service: UserService, @Inject(CONFIG) private config: AppConfig) {}
            }
            """);
        Write("apps/admin/src/app/user.service.ts", """
            import { Injectable } from '@angular/core';
            import { User } from './user';

            @Injectable({ providedIn: 'root' })
            export class UserService {
              find(id: string): User | undefined { return undefined; }
            }
            """);
        Write("apps/admin/src/app/user.ts", "export interface User { id: string; name: string }");
        Write("apps/admin/src/app/config.ts", """
            import { InjectionToken } from '@angular/core';
            export interface AppConfig { api: string }
            export const CONFIG = new InjectionToken<AppConfig>('config');
            """);
        Write("apps/admin/src/app/admin/admin.component.ts", """
            import { Component } from '@angular/core';
            @Component({ selector: 'app-admin', template: '' })
            export default class {}
            @Component({ selector: 'app-named', template: '' })
            export class AdminComponent {}
            """);

        // apps/api: NestJS in CommonJS, legacy decorators with metadata.
        Write("apps/api/package.json", """{ "name": "api", "version": "1.0.0", "type": "commonjs" }""");
        Write("apps/api/tsconfig.json", """
            { "compilerOptions": { "module": "commonjs", "target": "ES2021", "experimentalDecorators": true, "emitDecoratorMetadata": true,
                                   "resolveJsonModule": true, "esModuleInterop": true, "types": ["node"] } }
            """);
        Write("apps/api/config.json", """{ "port": 3000 }""");
        Write("apps/api/src/main.ts", """
            import { NestFactory } from '@nestjs/core';
            import { AppModule } from './app.module';
            const config = require('../config.json');
            export async function bootstrap() { (await NestFactory.create(AppModule)).listen(config.port); }
            """);
        Write("apps/api/src/app.module.ts", """
            import { Module } from '@nestjs/common';
            import { UsersController } from './users/users.controller';
            import { UsersService } from './users/users.service';
            @Module({ controllers: [UsersController], providers: [UsersService] })
            export class AppModule {}
            """);
        Write("apps/api/src/users/users.controller.ts", """
            import { Body, Controller, Get, Param, Post } from '@nestjs/common';
            import type { Request } from 'express';
            import { CreateUserDto } from './dto/create-user.dto';
            import { UsersService } from './users.service';
            import fs = require('fs');

            @Controller('users')
            export class UsersController {
              constructor(private readonly users: UsersService) {}
              @Get(':id') find(@Param('id') id: string, req?: Request) { return this.users.find(id) ?? fs.readFileSync(id); }
              @Post() create(@Body() dto: CreateUserDto) { return dto; }
            }
            """);
        Write("apps/api/src/users/users.service.ts", """
            import { Injectable } from '@nestjs/common';
            import type { UserEntity } from './user.entity';
            @Injectable()
            export class UsersService { find(id: string): UserEntity | undefined { return undefined; } }
            """);
        Write("apps/api/src/users/user.entity.ts", "export interface UserEntity { id: string }");
        Write("apps/api/src/users/dto/create-user.dto.ts", "export class CreateUserDto { name!: string }");

        // packages/cjs-lib: CommonJS with main, exports (require/import/types), folders, JSON, .cjs and .cts.
        Write("packages/cjs-lib/package.json", """
            { "name": "cjs-lib", "version": "1.0.0", "main": "lib/index.js",
              "exports": { ".": { "types": "./types/index.d.ts", "require": "./lib/index.js", "import": "./esm/index.mjs" },
                           "./util": "./lib/util.js", "./package.json": "./package.json" } }
            """);
        Write("packages/cjs-lib/lib/index.js", """
            'use strict';
            const util = require('./util');
            const dir = require('./dir');
            const data = require('./data.json');
            exports.a = util.helper(dir, data);
            module.exports.b = 2;
            Object.defineProperty(exports, 'c', { enumerable: true, get: function () { return util.helper; } });
            """);
        Write("packages/cjs-lib/lib/util.js", "function helper(x) { return x; }\nmodule.exports = { helper, ...require('./more') };");
        Write("packages/cjs-lib/lib/more.js", "exports.more = true;");
        Write("packages/cjs-lib/lib/dir/index.js", "module.exports = 'dir';");
        Write("packages/cjs-lib/lib/data.json", "{}");
        Write("packages/cjs-lib/lib/paths.cjs", "const p = require.resolve('./util');\nmodule.exports = require('./index.js');");
        Write("packages/cjs-lib/lib/typed.cts", """
            import util = require('./util');
            import type { Options } from '../types/index';
            const opts: Options = { verbose: true };
            export = { util, opts };
            """);
        Write("packages/cjs-lib/esm/index.mjs", "export const a = 1, b = 2;");
        Write("packages/cjs-lib/types/index.d.ts", "export interface Options { verbose: boolean }\nexport declare const a: number, b: number;");

        // apps/tools: CommonJS consumers of the package, and createRequire in ES modules.
        Write("apps/tools/package.json", """{ "name": "tools", "version": "1.0.0", "type": "module", "dependencies": { "cjs-lib": "*" } }""");
        Write("apps/tools/build.cjs", "const lib = require('cjs-lib');\nconst util = require('cjs-lib/util');\nmodule.exports = () => lib.a + util.helper(1);");
        Write("apps/tools/run.mjs", """
            import { createRequire } from 'node:module';
            const require = createRequire(import.meta.url);
            const build = require('./build.cjs');
            const load = (name) => import(name);
            export default build;
            """);

        // types: a global script, declare global, a module augmentation, references.
        Write("types/global.d.ts", """
            /// <reference types="node" />
            declare const __APP_VERSION__: string;
            interface Window { app: import('./app-types').App }
            """);
        Write("types/app-types.d.ts", "export interface App { version: string }");
        Write("types/augment.d.ts", """
            import type { App } from './app-types';
            declare global { interface Window { admin: App } }
            declare module './app-types' { interface App { admin: boolean } }
            export {};
            """);
        Write("types/env.d.ts", """/// <reference types="vite/client" />""");

        // packages/tc39: TC39 decorators (no experimentalDecorators), TSX.
        Write("packages/tc39/tsconfig.json", """{ "compilerOptions": { "target": "ES2022", "module": "ESNext", "moduleResolution": "bundler", "jsx": "react-jsx" } }""");
        Write("packages/tc39/src/logged.ts", """
            import { log } from './log';
            function logged<T>(value: T, context: ClassMethodDecoratorContext | ClassDecoratorContext) { log(String(context.name)); return value; }
            @logged
            export class Service { @logged run() {} accessor count = 0; }
            """);
        Write("packages/tc39/src/log.ts", "export const log = (m: string) => m;");
        Write("packages/tc39/src/widget.tsx", """
            import type { ReactNode } from 'react';
            function tracked<T>(value: T, _context: ClassDecoratorContext) { return value; }
            @tracked
            export class Widget { render(): ReactNode { return <div className="w">It's here</div>; } }
            """);

        // packages/models: type-only exports, import("x") types, typeof import().
        Write("packages/models/tsconfig.json", """{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true } }""");
        Write("packages/models/package.json", """{ "name": "models", "version": "1.0.0", "type": "module" }""");
        Write("packages/models/src/index.ts", """
            import type { User } from './user.js';
            import { type Role, roles } from './role.js';
            export type { Group } from './group.js';
            export type * as shapes from './shapes.js';
            interface Local { user: User; role: Role }
            export { User, Local, roles };
            export type Lazy = import('./lazy.js').Lazy;
            export declare const lazyModule: typeof import('./lazy.js');
            export const load = async () => (await import('./lazy.js')).make();
            """);
        Write("packages/models/src/user.ts", "export interface User { id: string }");
        Write("packages/models/src/role.ts", "export type Role = 'a' | 'b';\nexport const roles: Role[] = ['a', 'b'];");
        Write("packages/models/src/group.ts", "export interface Group { name: string }");
        Write("packages/models/src/shapes.ts", "export interface Circle { r: number }");
        Write("packages/models/src/lazy.ts", "export interface Lazy { ok: true }\nexport const make = (): Lazy => ({ ok: true });");
        Write("packages/models/src/legacy.cts", "import type { User } from './user.js';\nconst roles = require('./role.js');\nexport = { roles } as { roles: unknown; user?: User };");

        // scripts: loose TypeScript no tsconfig reaches (TypeScript's defaults, bundler resolution).
        Write("scripts/release.ts", """
            import { bump } from './lib/bump';
            import { log } from './lib/log.js';
            import * as lib from './lib';
            import type { App } from '../types/app-types';
            export const release = (app: App) => log(bump(app.version), lib);
            """);
        Write("scripts/lib/bump.ts", "export const bump = (v: string) => v + '.1';");
        Write("scripts/lib/log.ts", "export const log = (...a: unknown[]) => a;");
        Write("scripts/lib/index.ts", "export * from './bump';");

        // apps/web: JSX in .js (Vite-style), no tsconfig.
        Write("apps/web/package.json", """{ "name": "web", "version": "1.0.0", "type": "module" }""");
        Write("apps/web/src/App.js", """
            import React from 'react';
            import { Header } from './Header.js';
            const Home = React.lazy(() => import('./pages/Home.js'));
            export function App({ user }) {
              return <main className="app">
                <Header title={`Hi ${user}`} />
                {user ? <p>Don't forget: {user}'s "settings"</p> : <a href="/login">Log in</a>}
                <Home />
              </main>;
            }
            """);
        Write("apps/web/src/Header.js", "export const Header = ({ title }) => <h1>{title}</h1>;");
        Write("apps/web/src/pages/Home.js", "export default function Home() { return <section>home</section>; }");

        foreach (var (link, target) in (ValueTuple<string, string>[])[("node_modules/cjs-lib", "packages/cjs-lib"), ("node_modules/models", "packages/models")])
        {
            string path = Path.Combine(Root, link);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Directory.CreateSymbolicLink(path, Path.Combine(Root, target));
        }
    }

    private void Write(string relative, string content) => _dir.Write(relative, content);

    public void Dispose() => _dir.Dispose();
}
