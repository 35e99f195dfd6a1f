// The `image` commands and their docker short forms (`images`, `rmi`):
// flags only; each action imports its implementation when it runs.
import type { Command } from 'commander';
import { declareImageBuildCommand } from './build.js';

export function declareImageCommands(program: Command): void {
  const image = program.command('image').description('Manage images');
  image
    .command('load')
    .description('Load images from an OCI image-layout archive (a file or stdin)')
    .option('-i, --input <file>', 'read from a file instead of stdin')
    .option('-q, --quiet', 'print nothing')
    .action(async (options) => {
      const { runImageLoad } = await import('../commands/image.js');
      await runImageLoad(options);
    });
  image
    .command('import')
    .description('Create an image from a root filesystem tarball (plain, gzip or zstd; a file or - for stdin)')
    .usage('[options] file|- [REPOSITORY[:TAG]]')
    .argument('<file>', 'the tarball, or - for stdin')
    .argument('[reference]', 'name for the image')
    .option('-c, --change <instruction>', 'apply a Dockerfile instruction (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR); repeatable', (v: string, all: string[]) => [...all, v], [])
    .option('-m, --message <text>', 'comment for the image history')
    .option('--platform <platform>', 'platform of the image (only linux/amd64)')
    .action(async (file: string, reference: string | undefined, options) => (await import('../commands/image-import.js')).runImageImport(file, reference, options));
  const listImages = async (options: { format?: string; quiet?: boolean }) => {
    const { runImageList } = await import('../commands/image.js');
    runImageList(options);
  };
  for (const list of [image.command('ls').alias('list'), program.command('images')]) {
    list
      .description('List images')
      .option('--format <format>', 'table, json, \'table TEMPLATE\' or a Go template per row')
      .option('-q, --quiet', 'only image IDs')
      .action(listImages);
  }

  image
    .command('pull')
    .description('Pull an image from a registry')
    .argument('<reference>', 'NAME[:TAG|@DIGEST]')
    .option('-q, --quiet', 'print only the image name')
    .option('--platform <platform>', 'os/arch[/variant] to pick from a multi-platform image (this machine\'s by default)')
    .action(async (reference: string, options) => (await import('../commands/image-pull.js')).runImagePull(reference, options));
  image
    .command('push')
    .description('Push an image to the registry its name points at')
    .argument('<reference>', 'NAME[:TAG]')
    .option('-q, --quiet', 'print only the image name')
    .action(async (reference: string, options) => (await import('../commands/image-pull.js')).runImagePush(reference, options));
  image
    .command('save')
    .description('Save images to an OCI image-layout archive (a file or stdout)')
    .argument('<images...>', 'image names or IDs')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (images: string[], options: { output?: string }) => (await import('../commands/image.js')).runImageSave(images, options));
  image
    .command('tag')
    .description('Give an image another name')
    .argument('<source>', 'image name or ID')
    .argument('<target>', 'new name')
    .action(async (source: string, target: string) => (await import('../commands/image.js')).runImageTag(source, target));
  for (const rm of [image.command('rm').alias('remove'), program.command('rmi')]) {
    rm.description('Remove images')
      .argument('<images...>', 'image names or IDs')
      .option('-f, --force', 'remove an image ID with all its names')
      .action(async (images: string[], options: { force?: boolean }) => (await import('../commands/image.js')).runImageRemove(images, options));
  }
  image
    .command('inspect')
    .description('Show details of images as JSON')
    .argument('<images...>', 'image names or IDs')
    .option('-f, --format <template>', 'a Go template per object (docker\'s --format), or json')
    .action(async (images: string[], options) => (await import('../commands/image.js')).runImageInspect(images, options));
  declareImageBuildCommand(image);
  image
    .command('prune')
    .description('Delete stored content no image uses')
    .option('-f, --force', 'do not ask (Flotilla never asks)')
    .action(async () => (await import('../commands/image.js')).runImagePrune());
}
