import { ArgsType, Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { GuidelineObject, GuidelineVersionObject } from './guideline.object-type';

@ObjectType('GuidelineVersionPublishedEvent', { description: 'A guideline version just published (on any API instance)' })
export class GuidelineVersionPublishedEventObject {
  @Field(() => GuidelineObject, { description: 'The guideline as it stands once the version is published' })
  guideline: GuidelineObject;

  @Field(() => GuidelineVersionObject)
  version: GuidelineVersionObject;

  @Field({ description: 'Where in the log it happened: pass it as consistency.atLeast to read it anywhere' })
  position: string;
}

@ObjectType('GuidelineChange', { description: "One event of a guideline's history, as it happens" })
export class GuidelineChangeObject {
  @Field(() => ID)
  guidelineId: string;

  @Field({ description: 'The event type, as in Guideline.history (GuidelineEdited, GuidelineVersionPublished...)' })
  type: string;

  @Field(() => GraphQLISODateTime)
  occurredAt: Date;

  @Field({ description: 'Where in the log it happened: pass it as consistency.atLeast to read it anywhere' })
  position: string;

  @Field(() => GuidelineObject, {
    nullable: true,
    description: 'The guideline as it stands after the change; its fields keep their own rules (the draft for authors, reviewers and admins only), and one refused makes it null with a FORBIDDEN error',
  })
  guideline: GuidelineObject | null;
}

@ArgsType()
export class GuidelineChangedArgs {
  @Field(() => ID)
  @IsUUID()
  id: string;
}
