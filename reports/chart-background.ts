// A canvas starts transparent, and a transparent PNG shows black or checkered in many viewers. Paint it.
import type {ChartType, Plugin} from 'chart.js';

export interface PaperBackgroundOptions {
	color: string;
}

declare module 'chart.js' {
	interface PluginOptionsByType<TType extends ChartType> {
		paperBackground: PaperBackgroundOptions;
	}
}

export const paperBackground: Plugin<ChartType, PaperBackgroundOptions> = {
	id: 'paperBackground',
	beforeDraw(chart, _args, options) {
		const {ctx, width, height} = chart;
		ctx.save();
		ctx.fillStyle = options.color;
		ctx.fillRect(0, 0, width, height);
		ctx.restore();
	},
};
